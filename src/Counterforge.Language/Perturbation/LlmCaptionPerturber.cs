using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Language.Chat;
using Counterforge.Language.Embeddings;

namespace Counterforge.Language.Perturbation;

/// <summary>
/// LANCE's perturber: an LLM behind an OpenAI-compatible endpoint proposes edited captions of six types; each is read
/// strictly, reduced to (from, to) by word diff, refused when it touches the class subject, deduplicated and filed under
/// a report kind. Nothing an answer says is ever acted on; every refusal is reported with its reason. A request that
/// fails (<see cref="ChatRequestFailedException"/>) is not an answer: it propagates, so the stage records nothing for it.
/// </summary>
public sealed class LlmCaptionPerturber : ICaptionPerturber
{
    private readonly ChatEndpoint endpoint;
    private readonly LlmPerturberOptions options;
    private readonly SubjectGuard guard;
    private readonly Action<LanguageRejection>? onRejection;

    public LlmCaptionPerturber(ChatEndpoint endpoint, LlmPerturberOptions options, ITextEmbedder embedder, Action<LanguageRejection>? onRejection = null)
    {
        options.Validate();
        this.endpoint = endpoint;
        this.options = options;
        this.onRejection = onRejection;
        guard = new SubjectGuard(embedder, options.ClassSimilarityThreshold);
    }

    public string Name => "llm";

    /// <summary>Perturbs many captions at once; the endpoint's concurrency limit bounds the requests in flight.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<Edit>>> PerturbManyAsync(IReadOnlyList<(Sample Source, string Caption, string ClassName)> items, CancellationToken cancel = default) =>
        await Task.WhenAll(items.Select(i => PerturbAsync(i.Source, i.Caption, i.ClassName, cancel))).ConfigureAwait(false);

    public async Task<IReadOnlyList<Edit>> PerturbAsync(Sample source, string caption, string className, CancellationToken cancel = default)
    {
        var answer = await endpoint.CompleteAsync(PerturbationPrompt.For(caption, className, options), jsonAnswer: true, source.Id, cancel).ConfigureAwait(false);
        if (answer.Truncated)
        {
            Reject(source, "answer truncated (the server stopped at its token limit)", answer.Text);
            return [];
        }

        IReadOnlyList<Proposal> proposals;
        try
        {
            var (accepted, dropped) = PerturbationAnswer.Parse(answer.Text, options.EditsPerType * LanceEditTypes.All.Count, options.MaxCaptionLength);
            foreach (var (reason, detail) in dropped) Reject(source, reason, detail);
            proposals = accepted;
        }
        catch (AnswerRejectedException e)
        {
            Reject(source, $"answer rejected: {e.Message}", answer.Text);
            return [];
        }

        var edits = new List<Edit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var proposal in proposals)
        {
            var (edit, problem) = ToEdit(source, caption, className, proposal);
            if (edit is not null && !seen.Add(edit.Id)) problem = $"duplicate of edit {edit.Id}";
            if (problem is null) edits.Add(edit!);
            else Reject(source, $"{proposal.Type} edit refused: {problem}", proposal.Caption);
        }
        return edits;
    }

    private (Edit? Edit, string? Problem) ToEdit(Sample source, string caption, string className, Proposal proposal)
    {
        var diff = WordDiff.Of(caption, proposal.Caption);
        if (diff.Added.Count == 0 && diff.Removed.Count == 0) return (null, "changes nothing");
        if (diff.Added.Count == 0) return (null, "only removes words");
        int changed = Math.Max(diff.AddedWords.Count(), diff.RemovedWords.Count());
        if (changed > options.MaxChangedWords) return (null, $"changes {changed} words, more than {options.MaxChangedWords}");
        if (guard.Violation(className, caption, proposal.Caption, diff) is { } violation) return (null, violation);
        var kind = LanceEditTypes.ReportKind(proposal.Type, diff.AddedWords.ToList());
        return (new Edit(source.Id, caption, proposal.Caption, kind, diff.From, diff.To), null);
    }

    private void Reject(Sample source, string reason, string? detail = null) =>
        onRejection?.Invoke(new LanguageRejection("perturb", source.Id, reason, detail is null ? null : LanguageRejection.Excerpt(detail)));
}
