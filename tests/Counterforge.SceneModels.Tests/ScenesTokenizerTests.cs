using System.Text.Json;
using Counterforge.Diffusion.Tokenizer;
using Counterforge.Scenes;

namespace Counterforge.SceneModels.Tests;

/// <summary>The miniature model's tokenizer is CLIP's cut down: on scenes captions it gives CLIP's pieces.</summary>
public sealed class ScenesTokenizerTests
{
    [Fact]
    public void EveryScenesCaptionSplitsIntoClipsOwnPieces()
    {
        var clip = Load(Path.Combine(AppContext.BaseDirectory, "ClipVocabulary"));
        var scenes = Load(ScenesModelTraining.TokenizerDirectory);
        Assert.True(scenes.Names.Count < 700, $"{scenes.Names.Count} tokens");
        foreach (var spec in SceneGrammar.All())
        {
            string caption = spec.ToString();
            Assert.Equal(clip.Pieces(caption), scenes.Pieces(caption));
        }
    }

    private sealed record Vocabulary(ClipTokenizer Tokenizer, Dictionary<int, string> Names)
    {
        public IEnumerable<string> Pieces(string caption) => Tokenizer.Encode(caption).TakeWhile((id, i) => i == 0 || id != Tokenizer.EndId).Select(id => Names[id]);
    }

    private static Vocabulary Load(string directory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "vocab.json")));
        return new(ClipTokenizer.Load(directory), json.RootElement.EnumerateObject().ToDictionary(e => e.Value.GetInt32(), e => e.Name));
    }
}
