using Counterforge.Backends;
using Counterforge.Core.Captions;
using Counterforge.Core.Data;
using Counterforge.Core.Progress;
using Counterforge.Core.Runs;
using Counterforge.Language.Captioning;
using Counterforge.Language.Tests.Chat;
using Counterforge.Options;

namespace Counterforge.Tests;

/// <summary>Every stage's backends by name: each built-in one is made from the options alone, and a wrong name or a missing setting is said in terms of the options.</summary>
public sealed class RegistriesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-registries-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private BackendContext Context(CounterforgeOptions options) =>
        new(options, new RunFolder(Path.Combine(_dir, "run")), StageProgress.Silent, () => new Dataset(_dir, ["dog"], []));

    [Fact]
    public async Task Lexicon_and_llm_perturbers_are_interchangeable_by_name()
    {
        using var server = new FakeChatServer((_, _) => new Reply("""{"edits":[{"type":"background","caption":"a dog on sand"}]}"""));
        foreach (var word in new[] { "grass", "sand" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "bank", word));
            File.WriteAllBytes(Path.Combine(_dir, "bank", word, "1.png"), [1]);
        }
        var options = CounterforgeOptions.ForData(_dir) with
        {
            Data = new DataOptions { Path = _dir, Backgrounds = Path.Combine(_dir, "bank") },
            Chat = new ChatOptions(server.BaseUrl.ToString(), "m"),
        };
        var registries = new CounterforgeRegistries();
        var source = new Sample("s1", "a.png", "dog", Splits.Test);
        foreach (var name in registries.Perturbers.Names)
        {
            var perturber = registries.Perturbers.Create(name, Context(options));
            Assert.Equal(name, perturber.Name);
            var edit = Assert.Single(await perturber.PerturbAsync(source, "a dog on grass", "dog"), e => e.Kind == "background");
            Assert.Equal(("a dog on sand", "grass", "sand"), (edit.Edited, edit.From, edit.To));
        }
    }

    [Fact]
    public void Every_built_in_name_is_made_or_names_the_setting_it_lacks_and_an_unknown_name_lists_the_known()
    {
        var registries = new CounterforgeRegistries();
        var context = Context(CounterforgeOptions.ForData(_dir) with { Chat = new ChatOptions("http://127.0.0.1:9/v1", "m") });
        Assert.IsType<ManifestCaptioner>(registries.Captioners.Create("manifest", context));
        Assert.IsType<TemplateCaptioner>(registries.Captioners.Create("template", context));
        Assert.IsType<ChatCaptioner>(registries.Captioners.Create("chat", context));
        Assert.Contains("--captioner-model", Assert.Throws<ArgumentException>(() => registries.Captioners.Create("onnx", context)).Message);
        Assert.Equal("exact", registries.Filters.Create("none", context).Name);
        Assert.Contains("--clip", Assert.Throws<ArgumentException>(() => registries.Filters.Create("clip", context)).Message);
        Assert.Contains("not a scenes dataset", Assert.Throws<ArgumentException>(() => registries.Editors.Create("scene", context)).Message);
        Assert.Equal("composite", registries.Editors.Create("composite", context).Name);
        Assert.Contains("--models", Assert.Throws<ArgumentException>(() => registries.Editors.Create("sdedit", context)).Message);
        Assert.Contains("chat endpoint", Assert.Throws<ArgumentException>(() => registries.Perturbers.Create("llm", Context(CounterforgeOptions.ForData(_dir)))).Message);
        Assert.Contains("manifest, template, chat, onnx", Assert.Throws<ArgumentException>(() => registries.Captioners.Create("blip", context)).Message);
        Assert.Contains("--filter 'dino' is not known", Assert.Throws<ArgumentException>(() => registries.Filters.Create("dino", context)).Message);
        Assert.Contains("last-layer, full, dfr", Assert.Throws<ArgumentException>(() => registries.Reinforcement.Methods.Create("lora")).Message);
        Assert.Contains("mlnet-resnet18", registries.Classifiers.Names);
        Assert.Contains("resnet18-pretrained", registries.Classifiers.Names);
        // An opt-in method is known by name but runs only when named.
        Assert.Equal(["last-layer", "full", "dfr", "tuned-head", "consistency"], registries.Reinforcement.Methods.Names);
        Assert.Equal(["last-layer", "full", "dfr"], registries.Reinforcement.Methods.Defaults);
    }
}
