using Counterforge.Core.Data;
using Counterforge.Core.Edits;
using Counterforge.Language.Captioning;
using Counterforge.Language.Chat;
using Counterforge.Language.Filtering;
using Counterforge.Language.Perturbation;
using Counterforge.Language.Tests.Chat;
using Counterforge.Language.Tests.Filtering;

namespace Counterforge.Language.Tests;

public class BackendsTests
{
    [Fact]
    public void Lexicon_and_llm_perturbers_are_interchangeable_by_name()
    {
        using var server = new FakeChatServer((_, _) => new Reply("""{"edits":[{"type":"background","caption":"a dog on sand"}]}"""));
        var options = new LanguageOptions
        {
            Lexicon = new Lexicon([new("background", "grass", "on grass"), new("background", "sand", "on sand")]),
            Chat = new ChatEndpointOptions { BaseUrl = server.BaseUrl, Model = "m" },
        };
        var source = new Sample("s1", "a.png", "dog", Splits.Test);
        foreach (var name in Perturbers.Names)
        {
            ICaptionPerturber perturber = Perturbers.Create(name, options);
            Assert.Equal(name, perturber.Name);
            var edit = Assert.Single(perturber.Perturb(source, "a dog on grass", "dog"));
            Assert.Equal(("background", "a dog on sand", "grass", "sand"), (edit.Kind, edit.Edited, edit.From, edit.To));
        }
    }

    [Fact]
    public void Every_listed_name_is_created_and_an_unknown_one_is_refused_with_the_list()
    {
        var clip = StandInClip.WriteTo(Directory.CreateTempSubdirectory("cf-backends-").FullName);
        var options = new LanguageOptions { ClipModel = clip, Chat = new ChatEndpointOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1/"), Model = "m" } };
        Assert.IsType<Counterforge.Core.Captions.ManifestCaptioner>(Captioners.Create("manifest", options));
        Assert.IsType<TemplateCaptioner>(Captioners.Create("template", options));
        Assert.IsType<ChatCaptioner>(Captioners.Create("chat", options));
        Assert.Contains("model folder", Assert.Throws<ArgumentException>(() => Captioners.Create("onnx", options)).Message);
        Assert.Equal("exact", Filters.Create("none", options).Name);
        using (var filter = (ClipFilter)Filters.Create("clip", options)) Assert.Equal("clip", filter.Name);
        Assert.Contains("lexicon, llm", Assert.Throws<ArgumentException>(() => Perturbers.Create("gpt", options)).Message);
        Assert.Contains("manifest, template, chat, onnx", Assert.Throws<ArgumentException>(() => Captioners.Create("blip", options)).Message);
        Assert.Contains("none, clip", Assert.Throws<ArgumentException>(() => Filters.Create("dino", options)).Message);
        Assert.Contains("chat endpoint", Assert.Throws<ArgumentException>(() => Perturbers.Create("llm", new LanguageOptions())).Message);
        Directory.Delete(clip, recursive: true);
    }
}
