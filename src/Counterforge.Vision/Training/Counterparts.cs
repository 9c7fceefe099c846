using Counterforge.Core.Classification;
using Counterforge.Vision.Images;
using static TorchSharp.torch;

namespace Counterforge.Vision.Training;

/// <summary>
/// The originals that training images were made from (their <see cref="LabeledImage.Counterpart"/>), decoded once, and
/// the counterfactual consistency term: a counterfactual and its original should get the same prediction, whatever the
/// label says (so a wrong label does not decide which way the pair is pulled).
/// </summary>
internal sealed class Counterparts : IDisposable
{
    private readonly Tensor images;
    private readonly int[] indexOfSample;

    private Counterparts(Tensor images, int[] indexOfSample)
    {
        this.images = images;
        this.indexOfSample = indexOfSample;
    }

    /// <summary>Null when the consistency weight is 0 or no image has a counterpart.</summary>
    public static Counterparts? Of(IReadOnlyList<LabeledImage> data, TrainingOptions options, ImageBatchPipeline pipeline, CancellationToken cancel)
    {
        if (options.ConsistencyWeight == 0 || data.All(d => d.Counterpart is null)) return null;
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = data.Select(d => d.Counterpart is { } path ? distinct.TryGetValue(path, out var i) ? i : distinct[path] = distinct.Count : -1).ToArray();
        var parts = pipeline.Batches(distinct.Keys.ToArray(), cancel).ToList();
        try
        {
            return new Counterparts(cat(parts).DetachFromDisposeScope(), index);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    /// <summary>The batch's pairs: which rows of the batch have a counterpart, and those counterparts' images, in row order; null when none.</summary>
    public Pairs? InBatch(IReadOnlyList<long> sampleIds)
    {
        var rows = new List<long>();
        var partners = new List<long>();
        for (int row = 0; row < sampleIds.Count; row++)
        {
            int partner = indexOfSample[sampleIds[row]];
            if (partner < 0) continue;
            rows.Add(row);
            partners.Add(partner);
        }
        if (rows.Count == 0) return null;
        using var partnerIndex = tensor(partners.ToArray());
        return new Pairs(tensor(rows.ToArray()), images.index_select(0, partnerIndex));
    }

    /// <summary>
    /// Mean over pairs of ½·(KL(p‖q) + KL(q‖p)), p the prediction for a batch row, q for its counterpart; the counterparts'
    /// logits follow the batch's <paramref name="batchRows"/> rows of <paramref name="logits"/>.
    /// </summary>
    public static Tensor Consistency(Tensor logits, Pairs pairs, int batchRows)
    {
        var own = nn.functional.log_softmax(logits.index_select(0, pairs.Rows), 1);
        var partner = nn.functional.log_softmax(logits.narrow(0, batchRows, pairs.Rows.shape[0]), 1);
        var difference = own.sub(partner);
        return own.exp().sub(partner.exp()).mul(difference).sum(1).mean().mul(0.5);
    }

    public void Dispose() => images.Dispose();

    /// <param name="Rows">Batch rows that have a counterpart (int64).</param>
    /// <param name="Images">Their counterparts' uint8 images, in the same order.</param>
    public sealed record Pairs(Tensor Rows, Tensor Images);
}
