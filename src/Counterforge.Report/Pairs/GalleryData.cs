using System.Text;
using System.Text.Json;
using Counterforge.Core.Runs;

namespace Counterforge.Report.Pairs;

/// <summary>
/// The gallery's data as a script file beside the page (pairs.js): browsers load a script from a file:// page where they
/// refuse a fetch of JSON, and a separate file keeps report.html small whatever the number of pairs. Strings repeat across
/// thousands of pairs (classes, kinds, words, source images), so each is stored once and pairs hold indexes. The JSON is
/// written with every &lt;, &gt;, &amp;, quote and non-ASCII character escaped, and the page puts it in the DOM as text only.
/// </summary>
internal static class GalleryData
{
    /// <summary>The columns of a pair, in order; report.js reads them by these positions.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "source", "counterfactual", "kind", "class", "from", "to", "caption",
        "baseline_orig_pred", "baseline_orig_p_true", "baseline_cf_pred", "baseline_cf_p_true",
        "repair_orig_pred", "repair_orig_p_true", "repair_cf_pred", "repair_cf_p_true", "outcomes",
    ];

    public static void Write(string path, string key, IReadOnlyList<PairView> pairs, IReadOnlyList<string> classes, string? repairName)
    {
        var kinds = new Table();
        var words = new Table();
        var sources = new Table();
        var rows = pairs.Select(p => new object?[]
        {
            sources.Index(p.SourceUrl), p.CounterfactualUrl, kinds.Index(p.Kind), p.Label, words.Index(p.From ?? ""), words.Index(p.To ?? ""), p.Caption,
            p.BaselineOriginal.Predicted, Percent(p.BaselineOriginal.PTrue), p.BaselineCounterfactual.Predicted, Percent(p.BaselineCounterfactual.PTrue),
            p.RepairOriginal?.Predicted ?? -1, p.RepairOriginal is { } o ? Percent(o.PTrue) : -1,
            p.RepairCounterfactual?.Predicted ?? -1, p.RepairCounterfactual is { } r ? Percent(r.PTrue) : -1,
            (int)p.Outcomes,
        }).ToList();
        var data = new Dictionary<string, object?>
        {
            ["columns"] = Columns,
            ["classes"] = classes,
            ["kinds"] = kinds.Values,
            ["words"] = words.Values,
            ["sources"] = sources.Values,
            ["repair"] = repairName,
            ["pairs"] = rows,
        };
        var script = new StringBuilder()
            .Append("window.counterforgeGalleries = window.counterforgeGalleries || {};\n")
            .Append("window.counterforgeGalleries[").Append(JsonSerializer.Serialize(key)).Append("] = ")
            .Append(JsonSerializer.Serialize(data)).Append(";\n");
        AtomicFile.WriteAllText(path, script.ToString());
    }

    /// <summary>p(true) as a whole percentage: the gallery shows no more, and it halves the file.</summary>
    private static int Percent(float p) => (int)Math.Round(p * 100);

    private sealed class Table
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public List<string> Values { get; } = [];

        public int Index(string value)
        {
            if (_index.TryGetValue(value, out int i)) return i;
            _index[value] = Values.Count;
            Values.Add(value);
            return Values.Count - 1;
        }
    }
}
