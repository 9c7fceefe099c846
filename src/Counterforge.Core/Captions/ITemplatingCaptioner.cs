using Counterforge.Core.Data;

namespace Counterforge.Core.Captions;

/// <summary>A captioner that writes some captions from the class name alone; the report counts them, because their edits add words rather than replace them.</summary>
public interface ITemplatingCaptioner : ICaptioner
{
    bool IsTemplated(Sample sample);
}
