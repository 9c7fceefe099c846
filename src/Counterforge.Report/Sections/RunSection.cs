using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Counterforge.Core.Data;
using Counterforge.Core.Generation;
using Counterforge.Core.Pipeline;
using Counterforge.Core.Runs;
using static Counterforge.Report.Html;

namespace Counterforge.Report.Sections;

/// <summary>What the numbers stand on: the command that reproduces the run, its seed and wall time, its inputs, settings and versions.</summary>
internal static class RunSection
{
    public static void Append(StringBuilder html, RunFolder run, Summary summary)
    {
        html.Append("<h2>The run</h2>");
        if (summary.Verbs is { Count: > 0 } verbs)
        {
            html.Append($"<p>Made verb by verb in {summary.WallSeconds:F0} s of wall time (seed {summary.Seed}); these commands, in this order, reproduce it:</p><ol class=verbs>");
            foreach (var verb in verbs) html.Append($"<li><code>{E(verb.Command)}</code> <small>({verb.Seconds:F0} s)</small></li>");
            html.Append("</ol>");
        }
        else
            html.Append($"<p>Reproduce with <code>{E(summary.Command)}</code> (seed {summary.Seed}); wall time {summary.WallSeconds:F0} s.</p>");
        if (summary.Shortcut is { } s) html.Append($"<p>Shortcut planted in training: <b>{E(s.Kind)}</b> with p = {F(s.P)}.</p>");
        var c = summary.Counts;
        html.Append($"<p>Images: train {N(c.Train)}, validation {N(c.Val)}, test {N(c.Test)}")
            .Append(c.TestBalanced > 0 ? $", balanced test {N(c.TestBalanced)}" : ", no balanced test split")
            .Append(c.Extra > 0 ? $", extra {N(c.Extra)}" : "").Append(".</p>");
        AppendInputs(html, run);
        if (File.Exists(run.RunJson))
            html.Append("<details><summary>settings (run.json)</summary><pre>").Append(E(Pretty(File.ReadAllText(run.RunJson)))).Append("</pre></details>");
        var version = typeof(RunSection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        html.Append($"<p class=note>Report written by Counterforge {E(version)} on {E(RuntimeInformation.FrameworkDescription)}, {E(RuntimeInformation.OSDescription)}.</p>");
        html.Append("<h2>Definitions</h2><ul>");
        foreach (var (name, definition) in StressSummary.MetricDefinitions) html.Append($"<li><b>{E(name)}</b>: {E(definition)}</li>");
        html.Append("</ul>");
    }

    /// <summary>How the captions and counterfactuals behind the numbers were made: templated captions and every rejection, counted by reason.</summary>
    private static void AppendInputs(StringBuilder html, RunFolder run)
    {
        if (ShardedLog.Files(run.CaptionsFile).Count > 0)
        {
            var captions = ShardedLog.ReadLog<CaptionRecord>(run.CaptionsFile);
            int templated = captions.Count(c => c.Templated);
            html.Append($"<p>Captions: {N(captions.Count)}");
            if (templated > 0)
                html.Append($", of which <b>{N(templated)} templated</b> (\"a photo of a …\": the image had no caption, so its edits add words rather than replace them)");
            html.Append(".</p>");
        }
        if (ShardedLog.Files(run.CounterfactualsFile).Count == 0) return;
        var made = ShardedLog.ReadLog<Counterfactual>(run.CounterfactualsFile).GroupBy(c => c.EditId).Select(g => g.Last()).ToList();
        var rejected = made.Where(c => !c.Accepted).ToList();
        html.Append($"<p>Counterfactuals: {N(made.Count)} made, {N(made.Count - rejected.Count)} accepted, {N(rejected.Count)} rejected.</p>");
        if (rejected.Count == 0) return;
        html.Append("<details><summary>rejections by reason</summary><table><tr><th>n</th><th class=l>reason</th></tr>");
        foreach (var reason in rejected.GroupBy(c => c.RejectReason ?? "rejected").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(20))
            html.Append($"<tr><td>{N(reason.Count())}</td><td class=l>{E(reason.Key)}</td></tr>");
        html.Append("</table></details>");
    }

    private static string Pretty(string json)
    {
        try
        {
            return JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
