using System.Globalization;
using Counterforge.Core.Metrics;
using Counterforge.Core.Pipeline;
using Spectre.Console;

namespace Counterforge.Cli.Demo;

/// <summary>The demo's answer in one screen: what the stress test found, and what each reinforcement did to it.</summary>
internal static class KeyTable
{
    public static void Print(Summary summary)
    {
        foreach (var model in summary.Models)
        {
            var s = model.StressTest;
            var stress = new Table().Title($"Stress test: {Markup.Escape(model.Model)} (test split)")
                .AddColumns("kind", "n", "acc_cf", "flip rate [[95 % CI]]", "sensitivity", "weakness");
            stress.AddRow("null (control)", s.NullEdit.N.ToString(CultureInfo.InvariantCulture), "", $"{P(s.NullEdit.FlipRate)} [[{P(s.NullEdit.CiLow)}, {P(s.NullEdit.CiHigh)}]]", "", "");
            foreach (var k in s.Kinds)
                stress.AddRow(k.Kind, k.N.ToString(CultureInfo.InvariantCulture), P(k.AccCf), $"{P(k.FlipRate)} [[{P(k.CiLow)}, {P(k.CiHigh)}]]",
                    k.Sensitivity.ToString("F1", CultureInfo.InvariantCulture), k.Weakness ? "[red]yes[/]" : "no");
            stress.Caption($"acc_orig {P(s.AccOrig)}, acc_cf (all kinds) {Percent.Format(s.AccCf, Percent.NoCounterfactuals)}" +
                (s.WorstGroup is { } w ? $", worst group {P(w)} (lowest class×{Markup.Escape(summary.Shortcut?.Kind ?? "")} group accuracy), adjusted mean {P(s.AdjustedMean ?? 0)} (groups weighted by train shares)" : "") +
                $"; flagged on validation: {Markup.Escape(model.FlaggedOnValidation.Count == 0 ? "none" : string.Join(", ", model.FlaggedOnValidation))}");
            AnsiConsole.Write(stress);

            var targeted = model.FlaggedOnValidation.Count == 0 ? "all kinds" : string.Join(", ", model.FlaggedOnValidation);
            bool reference = model.Reinforcement.Any(r => r.AccCfReference is not null);
            var rows = new Table().Title($"Reinforcement: {Markup.Escape(model.Model)}")
                .AddColumns("method", "selection", "K", "acc_orig", $"acc_cf ({Markup.Escape(targeted)})", "gap closed [[95 % CI]]", "worst group");
            if (reference) rows.AddColumns("acc_cf, exact renders", "gap closed, exact renders");
            foreach (var r in model.Reinforcement)
            {
                var cells = new List<string> { r.Method, r.Selection, r.K.ToString(CultureInfo.InvariantCulture), P(r.AccOrig), P(r.AccCf), Markup.Escape(r.K == 0 ? "" : r.GapClosedText), r.WorstGroup is { } g ? P(g) : "" };
                if (reference) cells.AddRange([r.AccCfReference is { } a ? P(a) : "", r.K == 0 || r.GapClosedReference is not { } c ? "" : P(c)]);
                rows.AddRow(cells.ToArray());
            }
            if (reference) rows.Caption("exact renders: the scenes renderer's images of the same test edits, so the repair is not judged only by the generator that made its images");
            AnsiConsole.Write(rows);
            if (model.FeatureCeiling is { } ceiling)
                AnsiConsole.MarkupLine($"{(ceiling.IsLow ? "[yellow]Feature ceiling[/]" : "Feature ceiling")}: {Markup.Escape(ceiling.Describe())}.");
            if (model.Harden is { Rounds.Count: > 0 } harden) AnsiConsole.Write(HardenTable(model.Model, harden));
        }
    }

    private static Table HardenTable(string model, Core.Pipeline.HardenResult harden)
    {
        var table = new Table().Title($"Harden: {Markup.Escape(model)}, {Markup.Escape(harden.Method)} with {Markup.Escape(harden.Selection)} images")
            .AddColumns("round", "K", "fresh acc_cf (baseline → model)", "flagged: model (baseline)", "test acc_orig", "test acc_cf", "images made", "seconds");
        foreach (var r in harden.Rounds)
            table.AddRow(r.Round.ToString(CultureInfo.InvariantCulture), r.K.ToString(CultureInfo.InvariantCulture),
                $"{Percent.Format(r.BaselineAccCfFresh, Percent.NoCounterfactuals)} → {Percent.Format(r.AccCfFresh, Percent.NoCounterfactuals)}",
                Markup.Escape($"{Names(r.Flagged)} ({Names(r.BaselineFlagged)})"), P(r.TestAccOrig), P(r.TestAccCf),
                r.ImagesGenerated.ToString(CultureInfo.InvariantCulture), r.Seconds.ToString("F0", CultureInfo.InvariantCulture));
        return table.Caption($"{Markup.Escape(harden.Outcome)}; fresh = counterfactuals of validation sources made for the round, never trained or tuned on; test = sources no round used");
    }

    private static string Names(IReadOnlyList<string> kinds) => kinds.Count == 0 ? "none" : string.Join(", ", kinds);

    private static string P(double value) => Percent.Format(value);
}
