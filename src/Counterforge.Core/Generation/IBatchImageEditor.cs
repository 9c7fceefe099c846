using Counterforge.Core.Data;
using Counterforge.Core.Edits;

namespace Counterforge.Core.Generation;

/// <summary>
/// An editor that makes several edits together faster than one at a time (a diffusion model runs their denoising steps as
/// one batch). Each edit's image is the one <see cref="IImageEditor.GenerateAsync"/> makes of it alone, whatever else shares
/// its batch: bit for bit where the network's kernels are batch-invariant, up to float rounding where they are not.
/// </summary>
public interface IBatchImageEditor : IImageEditor
{
    /// <summary>One outcome per job, in the jobs' order: the image, or what stopped that edit alone.</summary>
    Task<IReadOnlyList<EditOutcome>> GenerateManyAsync(IReadOnlyList<EditJob> jobs, CancellationToken cancel = default);
}

/// <summary>One edit of one source, as <see cref="IImageEditor.GenerateAsync"/> takes it.</summary>
public sealed record EditJob(Sample Source, string SourceImagePath, Edit Edit);

/// <summary>The image an edit made, or the exception that stopped it (an <see cref="EditRefusedException"/>, an unreadable source...).</summary>
public sealed record EditOutcome(EditedImage? Image, Exception? Error)
{
    /// <summary>The image, or the edit's own exception thrown again with its original stack.</summary>
    public EditedImage Unwrap()
    {
        if (Error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(Error);
        return Image!;
    }
}
