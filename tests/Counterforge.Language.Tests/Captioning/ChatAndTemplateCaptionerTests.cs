using Counterforge.Core.Data;
using Counterforge.Language.Captioning;
using Counterforge.Language.Chat;
using Counterforge.Language.Tests.Chat;
using Counterforge.Language.Tests.Onnx;

namespace Counterforge.Language.Tests.Captioning;

public sealed class ChatAndTemplateCaptionerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-chat-captioner-").FullName;
    private static readonly Sample Dog = new("s1", "dog.png", "dog", Splits.Test);

    private readonly List<LanguageRejection> rejections = [];

    private ChatCaptioner Captioner(FakeChatServer server) =>
        new(new ChatEndpoint(new ChatEndpointOptions { BaseUrl = server.BaseUrl, Model = "vision-model", MaxRetries = 0 }), onRejection: rejections.Add);

    private string Image()
    {
        var path = Path.Combine(root, "dog.png");
        File.WriteAllBytes(path, SolidImage.Png(10, 200, 30));
        return path;
    }

    [Fact]
    public async Task The_vision_endpoint_gets_the_image_inline_and_its_caption_is_prefixed_like_LANCE()
    {
        using var server = new FakeChatServer((_, _) => new Reply("A brown dog lying on green grass.\n"));
        var caption = await Captioner(server).CaptionAsync(Dog, Image(), "dog");

        Assert.Equal("a photo of a brown dog lying on green grass", caption);
        var content = Assert.Single(server.Bodies).GetProperty("messages")[1].GetProperty("content");
        var image = content.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image_url");
        var url = image.GetProperty("image_url").GetProperty("url").GetString()!;
        Assert.StartsWith("data:image/png;base64,", url);
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "dog.png")), Convert.FromBase64String(url["data:image/png;base64,".Length..]));
    }

    [Fact]
    public async Task A_caption_with_markup_is_refused_with_the_sample_named()
    {
        using var server = new FakeChatServer((_, _) => new Reply("<img src=x onerror=alert(1)> a dog"));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Captioner(server).CaptionAsync(Dog, Image(), "dog"));
        Assert.Contains("Sample 's1'", error.Message);
        Assert.Contains("markup", error.Message);
        var logged = Assert.Single(rejections);
        Assert.Equal(("caption", "s1"), (logged.Stage, logged.Subject));
        Assert.Contains("onerror", logged.Detail);
    }

    [Fact]
    public void A_rejection_line_cannot_be_forged_by_a_sample_id_or_an_answer()
    {
        var line = new LanguageRejection("caption", "evil\nperturb s2: accepted", "refused\r\u001b[31m", "x\ny").ToString();
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Contains("evil\\u000aperturb", line);
    }

    [Fact]
    public void The_template_captioner_names_the_class()
    {
        Assert.Equal("a photo of a tabby cat", new TemplateCaptioner().Caption("tabby cat"));
        Assert.Equal("a dog, drawn", new TemplateCaptioner("a {class}, drawn").Caption("dog"));
        Assert.Throws<ArgumentException>(() => new TemplateCaptioner("a photo"));
    }

    [Fact]
    public void The_manifest_captioner_keeps_given_captions_and_templates_missing_ones()
    {
        var captioner = new Counterforge.Core.Captions.ManifestCaptioner();
        Assert.Equal("a dog on grass", captioner.Caption(Dog with { Caption = "a dog on grass" }, "dog"));
        Assert.False(captioner.IsTemplated(Dog with { Caption = "a dog on grass" }));
        Assert.Equal("a photo of an owl", captioner.Caption(Dog with { Caption = null }, "owl"));
        Assert.True(captioner.IsTemplated(Dog with { Caption = null }));
        Assert.True(new TemplateCaptioner().IsTemplated(Dog));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
