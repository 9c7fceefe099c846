namespace Counterforge.Core.Runs;

/// <summary>The layout of a run on disk. Every stage reads and writes only through these paths.</summary>
public sealed class RunFolder
{
    public RunFolder(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string RunJson => Path.Combine(Root, "run.json");
    public string DataDirectory => Path.Combine(Root, "data");
    public string ModelsDirectory => Path.Combine(Root, "models");
    public string CaptionsFile => Path.Combine(Root, "captions.jsonl");
    public string EditsFile => Path.Combine(Root, "edits.jsonl");
    public string CounterfactualsFile => Path.Combine(Root, "counterfactuals.jsonl");
    /// <summary>The reference editor's counterfactuals of the test edits (the exact renderer beside a generative editor).</summary>
    public string ReferenceCounterfactualsFile => Path.Combine(Root, "counterfactuals.reference.jsonl");
    public string CounterfactualImages => Path.Combine(Root, "images", "cf");
    public string PredictionsDirectory => Path.Combine(Root, "predictions");
    public string StressDirectory => Path.Combine(Root, "stress");
    public string ReinforcementDirectory => Path.Combine(Root, "reinforcement");
    public string SummaryJson => Path.Combine(Root, "summary.json");
    public string ReportHtml => Path.Combine(Root, "report.html");
    public string HistoryFile => Path.Combine(Root, "history.jsonl");

    /// <summary>What report.html shows beside itself: charts, the gallery's data and script, the CSV of every pair.</summary>
    public string ReportDirectory => Path.Combine(Root, "report");

    public string Model(string tag) => Path.Combine(ModelsDirectory, $"{tag}.safetensors");
    public string Predictions(string tag) => Path.Combine(PredictionsDirectory, $"{tag}.jsonl");
    public string Stress(string tag, string split) => Path.Combine(StressDirectory, $"{tag}-{split}.json");
    public string Judgement(string tag) => Path.Combine(StressDirectory, $"{tag}-judgement.json");
    public string ReinforcementRows(string tag) => Path.Combine(ReinforcementDirectory, $"{tag}.rows.json");
    /// <summary>What a fresh last layer on all validation images reaches (<see cref="Counterforge.Core.Reinforcement.FeatureCeiling"/>).</summary>
    public string FeatureCeiling(string tag) => Path.Combine(ReinforcementDirectory, $"{tag}.feature-ceiling.json");
    public string Reinforcement(string rowKey) => Path.Combine(ReinforcementDirectory, $"{rowKey}.json");
    public string HardenDirectory => Path.Combine(Root, "harden");
    public string HardenRound(string tag, int k) => Path.Combine(HardenDirectory, $"{tag}-k{k}.json");
    public string HardenEdits(string tag, int k) => Path.Combine(HardenDirectory, $"{tag}-k{k}.edits.jsonl");
    public string Harden(string tag) => Path.Combine(HardenDirectory, $"{tag}.json");

    /// <summary>A reinforcement row's model on the judged test images (originals and counterfactuals), image by image.</summary>
    public string ReinforcementPredictions(string rowKey) => Path.Combine(ReinforcementDirectory, $"{rowKey}.predictions.jsonl");

    /// <summary>The K images a reinforcement row added to training, one per line.</summary>
    public string ReinforcementAdded(string rowKey) => Path.Combine(ReinforcementDirectory, $"{rowKey}.added.jsonl");

    /// <summary>Counterfactual image paths are relative to the run root, so a run folder can be moved; the name comes from the id, never the id itself.</summary>
    public string CounterfactualImage(string editId, bool reference = false) => Path.Combine("images", reference ? "reference" : "cf", $"{SafeFileName.For(editId)}.png");

    public string CounterfactualMask(string editId, bool reference = false) => Path.Combine("images", reference ? "reference" : "cf", $"{SafeFileName.For(editId)}.mask.png");

    public string Resolve(string relative) => Data.PathGuard.Resolve(Root, relative, $"run folder {Root}");

    /// <summary>
    /// Claims the folder for this process (a second process on the same folder fails clearly instead of interleaving writes)
    /// and removes the temporary files a killed run left behind. A folder that holds files but no run is refused: it is
    /// someone's folder (a home folder, a dataset), and nothing in it is the run's to change.
    /// </summary>
    public IDisposable Lock()
    {
        var lockPath = Path.Combine(Root, LockFile);
        bool claimedBefore = File.Exists(lockPath);
        FileStream lease;
        try
        {
            lease = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"Another counterforge process is using {Root} (a verb, or shards of one); wait for it or choose another folder.");
        }
        // Checked while the folder is held, so no other process can be writing the files looked at.
        if (!claimedBefore && !File.Exists(RunJson) && Directory.EnumerateFileSystemEntries(Root).Any(e => Path.GetFileName(e) != LockFile))
        {
            lease.Dispose();
            File.Delete(lockPath);
            throw new InvalidOperationException($"{Root} is not empty and holds no counterforge run (no run.json): choose a new or empty folder for --out.");
        }
        AtomicFile.RemoveAbandoned(Root);
        return lease;
    }

    /// <summary>
    /// Claims the folder for one shard of a sharded stage: shards of a run run beside each other (each writes only files of
    /// its own), never beside a process that holds the whole folder (<see cref="Lock"/>), and one shard never runs twice at
    /// once. The folder must hold a run: a shard runs with the settings run.json records. Temporary files are left alone,
    /// since other shards may be writing theirs; the next whole-folder claim removes those a killed shard left.
    /// </summary>
    public IDisposable LockShard(Shard shard)
    {
        if (!File.Exists(RunJson))
            throw new InvalidOperationException($"{Root} holds no run (no run.json): a shard runs with the settings a run records. "
                + $"Record them first (`counterforge settings --out {Root}` with the run's options, or `counterforge train --out {Root} ...`).");
        FileStream whole;
        try
        {
            // Read-only and shared: many shards hold it at once; the exclusive whole-folder claim cannot be taken beside them.
            whole = new FileStream(Path.Combine(Root, LockFile), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"Another counterforge process holds the whole of {Root}; shards run beside each other, not beside it: wait for it.");
        }
        try
        {
            var own = new FileStream(Path.Combine(Root, $"{LockFile}.{shard.FileTag}"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new Claims(own, whole);
        }
        catch (IOException)
        {
            whole.Dispose();
            throw new InvalidOperationException($"Shard {shard} of {Root} is already running in another process; running it again after it ends changes nothing.");
        }
    }

    private sealed class Claims(params IDisposable[] held) : IDisposable
    {
        public void Dispose()
        {
            foreach (var claim in held) claim.Dispose();
        }
    }

    private const string LockFile = ".lock";
}
