using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Core.Runs;
using Counterforge.Scenes;

namespace Counterforge.SceneModels;

/// <summary>One fixed test scene of the editor benchmark, its source image on disk, and one edit of every kind.</summary>
public sealed record BenchScene(Sample Sample, string ImagePath, SceneSpec Spec, IReadOnlyList<Edit> Edits);

/// <summary>
/// The editor benchmark's test scenes: drawn uniformly over the world from a stream of their own (not the training
/// set's), rendered at the model's size, each with one edit per editable kind to a different word drawn from the
/// scene's seed, so every editor sees the same sources and the same edits.
/// </summary>
public static class EditorBenchScenes
{
    public static IReadOnlyList<BenchScene> Make(string directory, int count, int imageSize, int seed)
    {
        Directory.CreateDirectory(directory);
        var scenes = new List<BenchScene>(count);
        for (int i = 0; i < count; i++)
        {
            var (spec, renderSeed) = TrainingSetWriter.Draw(StableHash.Seed("editor-bench", seed), i);
            string id = $"bench-{i:D4}";
            string path = Path.Combine(directory, id + ".png");
            File.WriteAllBytes(path, SceneRenderer.RenderPng(spec, renderSeed, imageSize));
            var sample = new Sample(id, id + ".png", spec.Subject, Splits.Test, spec.ToString(), renderSeed, spec.Attributes());
            var random = new Random(StableHash.Seed("editor-bench-edits", seed, i));
            var edits = SceneKinds.Editable.Select(kind =>
            {
                var others = SceneGrammar.Values(kind).Where(w => w != spec.Get(kind)).ToList();
                string to = others[random.Next(others.Count)];
                return new Edit(id, spec.ToString(), spec.With(kind, to).ToString(), kind, spec.Get(kind), to);
            }).ToList();
            scenes.Add(new BenchScene(sample, path, spec, edits));
        }
        return scenes;
    }
}
