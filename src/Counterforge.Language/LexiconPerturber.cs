using System.Text.RegularExpressions;
using Counterforge.Core.Data;
using Counterforge.Core.Data.Loading;
using Counterforge.Core.Edits;
using Counterforge.Core.Runs;

namespace Counterforge.Language;

/// <summary>
/// Finds each kind's phrase in a caption and swaps it for the other values of that kind from typed word lists.
/// A phrase that overlaps the class word (underscores read as spaces) is never touched, and an edit that would change how often the class word occurs is dropped.
/// </summary>
/// <param name="maxPerKind">At most this many edits per kind and caption, drawn with a seed derived from the sample; null keeps all.</param>
/// <param name="additions">Kinds that a caption stating no value of them gets *add* edits for (one per value), and where
/// the value goes (e.g. <see cref="AddEdits.Lance"/>); null adds nothing. Add edits have a null <see cref="Edit.From"/>.</param>
public sealed class LexiconPerturber(Lexicon lexicon, int? maxPerKind = null, int seed = 0,
    IReadOnlyDictionary<string, AddPlacement>? additions = null) : ICaptionPerturber
{
    public string Name => "lexicon";

    public Task<IReadOnlyList<Edit>> PerturbAsync(Sample source, string caption, string className, CancellationToken cancel = default) =>
        Task.FromResult(Perturb(source, caption, className));

    public IReadOnlyList<Edit> Perturb(Sample source, string caption, string className)
    {
        // Folder-style class names ("golden_retriever") stand in captions as words ("golden retriever").
        className = TemplatedCaption.ClassWords(className);
        var classSpans = Occurrences(caption, className).ToList();
        var edits = new List<Edit>();
        foreach (var kind in lexicon.Kinds)
        {
            var found = FindPhrase(caption, lexicon.OfKind(kind), classSpans);
            var candidates = new List<Edit>();
            if (found is { } swap)
            {
                var (entry, index) = swap;
                foreach (var other in lexicon.OfKind(kind))
                {
                    if (other.Phrase.Equals(entry.Phrase, StringComparison.OrdinalIgnoreCase)) continue;
                    var edited = caption[..index] + other.Phrase + caption[(index + entry.Phrase.Length)..];
                    if (Occurrences(edited, className).Count() != classSpans.Count) continue;
                    candidates.Add(new Edit(source.Id, caption, edited, kind, entry.Word, other.Word));
                }
            }
            else if (additions is not null && additions.TryGetValue(kind, out var placement))
            {
                foreach (var value in lexicon.OfKind(kind))
                {
                    var edited = CaptionAddition.Add(caption, value.Phrase, placement, classSpans);
                    if (edited is null || Occurrences(edited, className).Count() != classSpans.Count) continue;
                    candidates.Add(new Edit(source.Id, caption, edited, kind, null, value.Word));
                }
            }
            edits.AddRange(Choose(candidates, source, kind));
        }
        return edits;
    }

    private IEnumerable<Edit> Choose(List<Edit> candidates, Sample source, string kind)
    {
        if (maxPerKind is not int max || candidates.Count <= max) return candidates;
        var random = new Random(StableHash.Seed(seed, source.Id, kind));
        return candidates.OrderBy(_ => random.Next()).Take(max).OrderBy(e => candidates.IndexOf(e));
    }

    /// <summary>The longest phrase of the kind that stands in the caption as whole words, away from the class word.</summary>
    private static (LexiconEntry Entry, int Index)? FindPhrase(string caption, IReadOnlyList<LexiconEntry> entries, List<(int Start, int End)> classSpans)
    {
        foreach (var entry in entries.OrderByDescending(e => e.Phrase.Length))
        {
            foreach (var (start, end) in Occurrences(caption, entry.Phrase))
            {
                bool touchesClass = classSpans.Any(c => start < c.End && c.Start < end);
                if (!touchesClass) return (entry, start);
            }
        }
        return null;
    }

    private static IEnumerable<(int Start, int End)> Occurrences(string text, string phrase)
    {
        if (string.IsNullOrWhiteSpace(phrase)) yield break;
        var pattern = $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(phrase)}(?![\p{{L}}\p{{N}}])";
        foreach (Match match in Regex.Matches(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            yield return (match.Index, match.Index + match.Length);
    }
}
