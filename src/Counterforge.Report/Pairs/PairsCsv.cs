using System.Globalization;
using System.Text;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Reinforcement;
using Counterforge.Core.Runs;

namespace Counterforge.Report.Pairs;

/// <summary>
/// pairs.csv: every test pair with the baseline's and every reinforcement row's prediction and p(true) on the original and
/// the counterfactual (empty where a row was not judged on it). Text that a spreadsheet would run as a formula is quoted
/// with a leading apostrophe: captions and class names are data, never instructions.
/// </summary>
internal static class PairsCsv
{
    public static void Write(string path, IReadOnlyList<PairView> pairs, IReadOnlyList<string> classes,
        IReadOnlyList<(ReinforcementRow Row, IReadOnlyDictionary<string, PredictionRecord> Predictions)> rows, RunFolder run)
    {
        var csv = new StringBuilder();
        var header = new List<string> { "edit_id", "source_id", "kind", "from", "to", "class", "caption", "source_image", "counterfactual_image",
            "baseline_orig_pred", "baseline_orig_p_true", "baseline_cf_pred", "baseline_cf_p_true", "outcome" };
        foreach (var (row, _) in rows)
            foreach (var column in new[] { "orig_pred", "orig_p_true", "cf_pred", "cf_p_true" })
                header.Add($"{row.Method}/{row.Selection}/k{row.K}/{column}");
        csv.AppendLine(string.Join(',', header.Select(Field)));
        foreach (var pair in pairs)
        {
            var fields = new List<string>
            {
                pair.EditId, pair.SourceId, pair.Kind, pair.From ?? "", pair.To ?? "", classes[pair.Label], pair.Caption,
                Uri.UnescapeDataString(pair.SourceUrl), Uri.UnescapeDataString(pair.CounterfactualUrl),
                classes[pair.BaselineOriginal.Predicted], Number(pair.BaselineOriginal.PTrue),
                classes[pair.BaselineCounterfactual.Predicted], Number(pair.BaselineCounterfactual.PTrue),
                OutcomeText(pair.Outcomes),
            };
            foreach (var (_, predictions) in rows)
            {
                fields.AddRange(Answer(predictions.GetValueOrDefault(pair.SourceId)));
                fields.AddRange(Answer(predictions.GetValueOrDefault(pair.EditId)));
            }
            csv.AppendLine(string.Join(',', fields.Select(Field)));
        }
        AtomicFile.WriteAllText(path, csv.ToString());

        IEnumerable<string> Answer(PredictionRecord? p) =>
            p is null ? ["", ""] : [classes[Core.Metrics.PairOutcome.ArgMax(p.Probs)], Number(p.Probs[p.Label])];
    }

    public static string OutcomeText(PairOutcomes outcomes) =>
        string.Join(' ', Enum.GetValues<PairOutcomes>().Where(o => o != PairOutcomes.None && outcomes.HasFlag(o)).Select(o => o switch
        {
            PairOutcomes.Flipped => "flipped",
            PairOutcomes.Fixed => "fixed",
            PairOutcomes.StillWrong => "still-wrong",
            PairOutcomes.NewError => "new-error",
            _ => "not-judged",
        }));

    private static string Number(float value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would evaluate (=, +, -, @, tab, carriage return).</summary>
    internal static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
