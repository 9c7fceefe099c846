namespace Counterforge.Language.Onnx;

/// <summary>A dense float tensor with its shape, batch first: what decoding keeps between steps (encoder output, past keys and values).</summary>
internal sealed record FloatTensor(float[] Data, int[] Dims)
{
    private int RowLength => Dims.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>The tensor whose row i is this tensor's row <paramref name="rows"/>[i] (beams following their parents).</summary>
    public FloatTensor SelectRows(IReadOnlyList<int> rows)
    {
        int length = RowLength;
        var data = new float[rows.Count * length];
        for (int i = 0; i < rows.Count; i++) Array.Copy(Data, rows[i] * length, data, i * length, length);
        return new FloatTensor(data, [rows.Count, .. Dims[1..]]);
    }

    public FloatTensor Repeat(int count) => SelectRows(Enumerable.Repeat(0, count).ToArray());
}
