using System.CommandLine;
using System.CommandLine.Parsing;

namespace Counterforge.Cli.Commands;

/// <summary>
/// What a command line that does not parse gets: its errors in plain words, a suggestion for a mistyped verb, and one line
/// on where the options are listed, instead of the whole help pushing the error off the screen.
/// </summary>
internal static class ParseErrors
{
    public static int Report(ParseResult result, RootCommand root)
    {
        var verbs = root.Subcommands.Select(c => c.Name).ToList();
        var firstToken = result.Tokens.FirstOrDefault()?.Value;
        bool unknownVerb = firstToken is not null && !firstToken.StartsWith('-') && !verbs.Contains(firstToken);
        if (unknownVerb)
        {
            Console.Error.WriteLine($"error: '{firstToken}' is not a counterforge verb.");
            var close = Closest(firstToken!, verbs);
            if (close.Count > 0) Console.Error.WriteLine($"Did you mean: {string.Join(", ", close.Select(v => $"counterforge {v}"))}?");
            Console.Error.WriteLine($"The verbs are: {string.Join(", ", verbs)}. Run 'counterforge --help' for what each does.");
            return CommandErrors.UserError;
        }
        foreach (var error in result.Errors.Select(e => Plain(e.Message)).Distinct()) Console.Error.WriteLine($"error: {error}");
        var verb = result.CommandResult.Command is RootCommand ? "" : $" {result.CommandResult.Command.Name}";
        Console.Error.WriteLine($"Run 'counterforge{verb} --help' for the options.");
        return CommandErrors.UserError;
    }

    /// <summary>The parser's type names in words a user knows.</summary>
    private static string Plain(string message) => message
        .Replace("as expected type 'System.Nullable`1[System.Int32]'", "(expected a whole number)")
        .Replace("as expected type 'System.Int32'", "(expected a whole number)")
        .Replace("as expected type 'System.Nullable`1[System.Double]'", "(expected a number)")
        .Replace("as expected type 'System.Double'", "(expected a number)")
        .Replace("as expected type 'System.Nullable`1[System.Boolean]'", "(expected true or false)");

    /// <summary>Verbs that start like the word, contain it, or are within two edits of it.</summary>
    private static List<string> Closest(string word, IReadOnlyList<string> verbs) =>
        verbs.Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase) || v.Contains(word, StringComparison.OrdinalIgnoreCase)
                         || Distance(word.ToLowerInvariant(), v) <= 2).ToList();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
