namespace Counterforge.Language.Captioning.Onnx;

/// <summary>
/// Beam search over a next-token function, as Hugging Face's generate does with early stopping: keep the
/// <c>beams</c> best unfinished sequences; a sequence ending in EOS among the best <c>beams</c> candidates of a step is
/// finished with score Σ log p / (generated tokens)^lengthPenalty; stop once <c>beams</c> are finished or the length
/// limit is reached (then unfinished sequences count as finished). One beam is greedy decoding.
/// </summary>
internal static class BeamSearch
{
    public sealed record Result(IReadOnlyList<long> Tokens, double Score);

    /// <param name="next">Given, for each new row, its parent row in the previous call, and the sequences so far, returns each row's next-token log-probabilities.</param>
    /// <returns>The generated tokens (EOS included when reached, start token excluded) and their normalised score.</returns>
    public static Result Run(long startId, long eosId, int beams, int maxNewTokens, double lengthPenalty,
                             Func<IReadOnlyList<int>, IReadOnlyList<IReadOnlyList<long>>, float[][]> next)
    {
        var alive = new List<(List<long> Sequence, double Score)> { ([startId], 0) };
        var parents = new List<int> { 0 };
        var finished = new List<Result>();
        for (int step = 0; step < maxNewTokens && finished.Count < beams && alive.Count > 0; step++)
        {
            var logProbabilities = next(parents, alive.Select(a => (IReadOnlyList<long>)a.Sequence).ToList());
            var candidates = new List<(int Row, long Token, double Score)>();
            for (int row = 0; row < alive.Count; row++)
                candidates.AddRange(Top(logProbabilities[row], 2 * beams).Select(t => (row, (long)t.Token, alive[row].Score + t.LogP)));
            candidates = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Row).ThenBy(c => c.Token).ToList();

            var nextAlive = new List<(List<long>, double)>();
            var nextParents = new List<int>();
            for (int rank = 0; rank < candidates.Count && nextAlive.Count < beams; rank++)
            {
                var (row, token, score) = candidates[rank];
                var sequence = new List<long>(alive[row].Sequence) { token };
                if (token == eosId)
                {
                    if (rank < beams) finished.Add(Finish(sequence, score, lengthPenalty));
                    continue;
                }
                nextAlive.Add((sequence, score));
                nextParents.Add(row);
            }
            alive = nextAlive;
            parents = nextParents;
        }
        if (finished.Count < beams) finished.AddRange(alive.Select(a => Finish(a.Sequence, a.Score, lengthPenalty)));
        return finished.OrderByDescending(f => f.Score).First();
    }

    private static Result Finish(List<long> sequence, double score, double lengthPenalty) =>
        new(sequence.Skip(1).ToList(), score / Math.Pow(sequence.Count - 1, lengthPenalty));

    private static IEnumerable<(int Token, double LogP)> Top(float[] logProbabilities, int count) =>
        logProbabilities.Select((p, i) => (Token: i, LogP: (double)p)).OrderByDescending(t => t.LogP).ThenBy(t => t.Token).Take(count);
}
