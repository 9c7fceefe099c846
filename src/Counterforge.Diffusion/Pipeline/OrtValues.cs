using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>Conversions between float32 arrays and graph values of either float precision, for the calls made once per image.</summary>
internal static class OrtValues
{
    /// <summary>A tensor of the graph's float type holding <paramref name="values"/>.</summary>
    public static OrtValue FromFloats(float[] values, TensorElementType type, long[] shape) => type switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(values, shape),
        TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (Float16)v), shape),
        _ => throw new ArgumentException($"not a float type: {type}", nameof(type)),
    };

    /// <summary>A float32 copy of a float32 or float16 tensor's values.</summary>
    public static float[] ToFloats(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Float16 => ToFloats(value.GetTensorDataAsSpan<Float16>()),
            var other => throw new InvalidDataException($"expected a float tensor, the graph returned {other}"),
        };
    }

    public static long[] Shape(OrtValue value) => value.GetTensorTypeAndShape().Shape;

    private static float[] ToFloats(ReadOnlySpan<Float16> half)
    {
        var result = new float[half.Length];
        for (int i = 0; i < half.Length; i++) result[i] = (float)half[i];
        return result;
    }
}
