using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Language.Chat;
using Microsoft.Extensions.AI;

namespace Counterforge.Language.Captioning;

/// <summary>
/// Captions through a vision chat model behind an OpenAI-compatible endpoint: the image travels inline as a data part,
/// the answer is treated as untrusted text (plain words only, length-capped) and finished by <see cref="CaptionText"/>.
/// A refused answer is reported as a rejection (the run's language-rejections.txt) before the image is left out.
/// </summary>
public sealed class ChatCaptioner(ChatEndpoint endpoint, bool photoPrefix = true, Action<LanguageRejection>? onRejection = null) : ICaptioner
{
    public string Name => "chat";

    public string ConfigKey => $"chat:{endpoint.ConfigKey}|prefix={photoPrefix}";

    public async Task<string> CaptionAsync(Sample sample, string imagePath, string className, CancellationToken cancel = default)
    {
        var bytes = await File.ReadAllBytesAsync(imagePath, cancel).ConfigureAwait(false);
        ChatMessage[] messages =
        [
            new(ChatRole.System, "You caption photos for a dataset. Answer with one short plain sentence (at most 25 words) that names " +
                                 "the main subject and describes its colour, what surrounds it, the weather and the light. No lists, no markup."),
            new(ChatRole.User, [new TextContent($"Caption this image. Its subject is a {className}."), new DataContent(bytes, MediaType(bytes, imagePath))]),
        ];
        var answer = await endpoint.CompleteAsync(messages, jsonAnswer: false, sample.Id, cancel).ConfigureAwait(false);
        try
        {
            if (answer.Truncated) throw new InvalidDataException($"Sample '{LanguageRejection.Excerpt(sample.Id)}': the caption was cut off at the server's token limit.");
            return CaptionText.Finish(answer.Text, photoPrefix, $"Sample '{LanguageRejection.Excerpt(sample.Id)}'");
        }
        catch (InvalidDataException e)
        {
            onRejection?.Invoke(new LanguageRejection("caption", sample.Id, e.Message, LanguageRejection.Excerpt(answer.Text)));
            throw;
        }
    }

    private static string MediaType(byte[] bytes, string path) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, ..] => "image/jpeg",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => throw new InvalidDataException($"{path}: not a PNG, JPEG or WebP image."),
    };
}
