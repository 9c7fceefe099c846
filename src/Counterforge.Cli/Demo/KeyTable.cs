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
            stress.Caption($"acc_orig {P(s.AccOrig)}, acc_cf {Percent.Format(s.AccCf, Percent.NoCounterfactuals)}" +
                (s.WorstGroup is { } w ? $", worst group {P(w)} (lowest class×{Markup.Escape(summary.Shortcut?.Kind ?? "")} group accuracy), adjusted mean {P(s.AdjustedMean ?? 0)} (groups weighted by train shares)" : "") +
                $"; flagged on validation: {Markup.Escape(model.FlaggedOnValidation.Count == 0 ? "none" : string.Join(", ", model.FlaggedOnValidation))}");
            AnsiConsole.Write(stress);

            var rows = new Table().Title($"Reinforcement: {Markup.Escape(model.Model)}")
                .AddColumns("method", "selection", "K", "acc_orig", "acc_cf", "gap closed", "worst group");
            foreach (var r in model.Reinforcement)
                rows.AddRow(r.Method, r.Selection, r.K.ToString(CultureInfo.InvariantCulture), P(r.AccOrig), P(r.AccCf), Markup.Escape(r.K == 0 ? "" : r.GapClosedText), r.WorstGroup is { } g ? P(g) : "");
            AnsiConsole.Write(rows);
        }
    }

    private static string P(double value) => Percent.Format(value);
}
