using System.Text.Json;

namespace Counterforge.Diffusion.Schedulers;

/// <summary>
/// Reads <c>scheduler_config.json</c>. Unknown fields (<c>_class_name</c>, <c>_diffusers_version</c>, other
/// schedulers' options) are ignored so any diffusers export loads; a known field of the wrong type or with an
/// unsupported value is an error naming the file and the field, because silently using a default would give
/// a different noise schedule than the model was trained with.
/// </summary>
internal static class SchedulerConfigReader
{
    public static SchedulerConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ModelSetException(path, "scheduler config not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="source">The file name used in error messages.</param>
    public static SchedulerConfig Parse(string json, string source)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new ModelSetException(source, $"not valid JSON ({e.Message})", e); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ModelSetException(source, "expected a JSON object");
            var fields = new Fields(root, source);
            var defaults = new SchedulerConfig();
            var config = new SchedulerConfig
            {
                NumTrainTimesteps = fields.Int("num_train_timesteps") ?? defaults.NumTrainTimesteps,
                BetaStart = fields.Double("beta_start") ?? defaults.BetaStart,
                BetaEnd = fields.Double("beta_end") ?? defaults.BetaEnd,
                BetaSchedule = fields.Choice("beta_schedule", BetaSchedules) ?? defaults.BetaSchedule,
                PredictionType = fields.Choice("prediction_type", PredictionTypes) ?? defaults.PredictionType,
                StepsOffset = fields.Int("steps_offset") ?? defaults.StepsOffset,
                TimestepSpacing = fields.Choice("timestep_spacing", Spacings) ?? defaults.TimestepSpacing,
                SetAlphaToOne = fields.Bool("set_alpha_to_one") ?? defaults.SetAlphaToOne,
                ClipSample = fields.Bool("clip_sample") ?? defaults.ClipSample,
                ClipSampleRange = fields.Double("clip_sample_range") ?? defaults.ClipSampleRange,
                OriginalInferenceSteps = fields.Int("original_inference_steps") ?? defaults.OriginalInferenceSteps,
                TimestepScaling = fields.Double("timestep_scaling") ?? defaults.TimestepScaling,
            };
            if (root.TryGetProperty("trained_betas", out var trained) && trained.ValueKind != JsonValueKind.Null)
                throw new ModelSetException(source, "field 'trained_betas' is not supported (use beta_start/beta_end/beta_schedule)");
            Check(config, source);
            return config;
        }
    }

    private static void Check(SchedulerConfig c, string source)
    {
        if (c.NumTrainTimesteps < 2) throw new ModelSetException(source, "field 'num_train_timesteps' must be at least 2");
        if (c.BetaStart is <= 0 or >= 1) throw new ModelSetException(source, "field 'beta_start' must lie in (0, 1)");
        if (c.BetaEnd is <= 0 or >= 1) throw new ModelSetException(source, "field 'beta_end' must lie in (0, 1)");
        if (c.StepsOffset < 0 || c.StepsOffset >= c.NumTrainTimesteps)
            throw new ModelSetException(source, "field 'steps_offset' must lie in [0, num_train_timesteps)");
        if (c.ClipSampleRange <= 0) throw new ModelSetException(source, "field 'clip_sample_range' must be positive");
        if (c.OriginalInferenceSteps < 1 || c.OriginalInferenceSteps > c.NumTrainTimesteps)
            throw new ModelSetException(source, "field 'original_inference_steps' must lie in [1, num_train_timesteps]");
        if (c.TimestepScaling <= 0) throw new ModelSetException(source, "field 'timestep_scaling' must be positive");
    }

    private static readonly Dictionary<string, BetaSchedule> BetaSchedules = new()
    {
        ["linear"] = BetaSchedule.Linear,
        ["scaled_linear"] = BetaSchedule.ScaledLinear,
    };

    private static readonly Dictionary<string, PredictionType> PredictionTypes = new()
    {
        ["epsilon"] = PredictionType.Epsilon,
        ["v_prediction"] = PredictionType.VPrediction,
    };

    private static readonly Dictionary<string, TimestepSpacing> Spacings = new()
    {
        ["leading"] = TimestepSpacing.Leading,
        ["trailing"] = TimestepSpacing.Trailing,
        ["linspace"] = TimestepSpacing.Linspace,
    };

    /// <summary>Typed access to optional fields; null when absent or JSON null.</summary>
    private readonly struct Fields(JsonElement root, string source)
    {
        private JsonElement? Get(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        private ModelSetException Wrong(string name, string expected, JsonElement value) =>
            new(source, $"field '{name}' must be {expected}, found {value.ValueKind.ToString().ToLowerInvariant()} {value.GetRawText()}");

        public int? Int(string name)
        {
            if (Get(name) is not { } v) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)) return i;
            // Some exports write integers as 1.0.
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
            throw Wrong(name, "an integer", v);
        }

        public double? Double(string name)
        {
            if (Get(name) is not { } v) return null;
            if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
            throw Wrong(name, "a number", v);
        }

        public bool? Bool(string name)
        {
            if (Get(name) is not { } v) return null;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Wrong(name, "true or false", v),
            };
        }

        public T? Choice<T>(string name, Dictionary<string, T> choices) where T : struct
        {
            if (Get(name) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.String) throw Wrong(name, "a string", v);
            string text = v.GetString()!;
            if (choices.TryGetValue(text, out var choice)) return choice;
            throw new ModelSetException(source, $"field '{name}' is \"{text}\"; supported: {string.Join(", ", choices.Keys.Select(k => $"\"{k}\""))}");
        }
    }
}
