using System.IO.Compression;
using System.Text;
using Counterforge.Vision.Weights;
using static TorchSharp.torch;

namespace Counterforge.Vision.Tests;

public sealed class WeightsFileTests : IDisposable
{
    private static readonly string[] TwoClasses = ["a", "b"];
    private readonly TestImages images = new();

    private string FilePath(string name) => Path.Combine(images.Folder, name);

    /// <summary>A torch.save-style zip whose data.pkl is the given pickle.</summary>
    private string PyTorchZip(string name, byte[] pickle)
    {
        var path = FilePath(name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using var entry = archive.CreateEntry("archive/data.pkl").Open();
        entry.Write(pickle);
        return path;
    }

    [Fact]
    public void A_pickle_that_would_call_a_python_function_is_refused_before_unpickling_and_the_error_names_file_and_global()
    {
        // PROTO 2; GLOBAL 'os system'; BINUNICODE 'id'; TUPLE1; REDUCE; STOP — what a malicious .pt holds.
        var pickle = new List<byte> { 0x80, 2 };
        pickle.AddRange(Encoding.ASCII.GetBytes("cos\nsystem\n"));
        pickle.Add((byte)'X'); pickle.AddRange(BitConverter.GetBytes(2)); pickle.AddRange(Encoding.ASCII.GetBytes("id"));
        pickle.AddRange([0x85, (byte)'R', (byte)'.']);
        var path = PyTorchZip("evil.pt", pickle.ToArray());
        using var classifier = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32);
        var error = Assert.Throws<InvalidDataException>(() => classifier.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("os.system", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 2, (byte)'i', (byte)'o', (byte)'s', 10, (byte)'s', 10, (byte)'.' }, "INST")]
    [InlineData(new byte[] { 0x80, 4, 0x93, (byte)'.' }, "STACK_GLOBAL")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}' }, "without STOP")]
    public void Object_building_opcodes_and_truncated_pickles_are_refused(byte[] pickle, string expected)
    {
        var path = PyTorchZip("bad.pt", pickle);
        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path));
        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_or_has_an_unknown_extension_is_named_in_the_error()
    {
        var notZip = FilePath("text.pth");
        File.WriteAllText(notZip, "hello");
        Assert.Contains(notZip, Assert.Throws<InvalidDataException>(() => StateDictFile.Read(notZip)).Message);
        var unknown = FilePath("weights.npz");
        File.WriteAllText(unknown, "x");
        Assert.Contains(".safetensors", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(unknown)).Message);
    }

    [Fact]
    public void A_safetensors_header_longer_than_the_file_or_with_offsets_outside_it_is_refused()
    {
        var tooLong = FilePath("long.safetensors");
        File.WriteAllBytes(tooLong, [.. BitConverter.GetBytes(1_000_000L), .. "{}"u8.ToArray()]);
        Assert.Contains("header length", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(tooLong)).Message);
        var header = """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"""u8.ToArray();
        var outside = FilePath("outside.safetensors");
        File.WriteAllBytes(outside, [.. BitConverter.GetBytes((long)header.Length), .. header, .. new byte[8]]);
        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(outside));
        Assert.Contains("'w'", error.Message);
        Assert.Contains(outside, error.Message);
    }

    [Fact]
    public void Weights_of_another_architecture_are_refused_naming_the_file_and_the_first_missing_key()
    {
        var path = FilePath("small.safetensors");
        using (var small = ClassifierRegistry.Create(ClassifierRegistry.SmallCnn, TwoClasses, seed: 1, imageSize: 32)) small.Save(path);
        using var resnet = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, TwoClasses, seed: 1, imageSize: 32);
        var error = Assert.Throws<InvalidDataException>(() => resnet.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("'conv1.weight'", error.Message);
    }

    [Fact]
    public void A_head_of_another_size_is_refused_unless_only_the_backbone_is_loaded()
    {
        var paths = images.RandomSet("p", 2, 32);
        var path = FilePath("three.safetensors");
        using var three = ClassifierRegistry.Create(ClassifierRegistry.ResNet18, ["a", "b", "c"], seed: 1, imageSize: 32);
        three.Save(path);
        var error = Assert.Throws<InvalidDataException>(() => ClassifierRegistry.Create(
            new ClassifierOptions(ClassifierRegistry.ResNet18, TwoClasses) { ImageSize = 32, WeightsPath = path }));
        Assert.Contains("'fc.weight'", error.Message);
        Assert.Contains("[3, 512]", error.Message);

        using var two = ClassifierRegistry.Create(new ClassifierOptions(ClassifierRegistry.ResNet18, TwoClasses) { ImageSize = 32, WeightsPath = path, LoadHead = false });
        Assert.Equal(three.ExtractFeatures(paths).SelectMany(f => f), two.ExtractFeatures(paths).SelectMany(f => f));
        Assert.Equal(2, two.Head.Classes);
    }

    [Fact]
    public void Class_names_come_one_per_line_and_a_duplicate_is_named_with_its_line()
    {
        var path = FilePath("classes.txt");
        File.WriteAllText(path, "# animals\ncat\n\n dog \n");
        Assert.Equal(["cat", "dog"], ClassNames.Read(path));
        File.WriteAllText(path, "cat\ndog\ncat\n");
        var error = Assert.Throws<InvalidDataException>(() => ClassNames.Read(path));
        Assert.Contains("line 3", error.Message);
        Assert.Contains(path, error.Message);
    }

    public void Dispose() => images.Dispose();
}
