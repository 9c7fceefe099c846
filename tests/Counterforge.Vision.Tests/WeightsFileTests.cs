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
    private string PyTorchZip(string name, byte[] pickle) => ZipOf(name, ("archive/data.pkl", pickle));

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

    /// <summary>PROTO 2; GLOBAL 'posix system'; BINUNICODE 'id'; TUPLE1; REDUCE; STOP.</summary>
    private static byte[] SystemCallPickle()
    {
        var pickle = new List<byte> { 0x80, 2 };
        pickle.AddRange(Encoding.ASCII.GetBytes("cposix\nsystem\n"));
        pickle.Add((byte)'X'); pickle.AddRange(BitConverter.GetBytes(2)); pickle.AddRange(Encoding.ASCII.GetBytes("id"));
        pickle.AddRange([0x85, (byte)'R', (byte)'.']);
        return pickle.ToArray();
    }

    /// <summary>An empty OrderedDict-free state dict: PROTO 2; EMPTY_DICT; STOP.</summary>
    private static readonly byte[] HarmlessPickle = [0x80, 2, (byte)'}', (byte)'.'];

    private string ZipOf(string name, params (string Entry, byte[] Bytes)[] entries)
    {
        var path = FilePath(name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryName, bytes) in entries)
        {
            using var stream = archive.CreateEntry(entryName).Open();
            stream.Write(bytes);
        }
        return path;
    }

    [Fact]
    public void A_second_pickle_beside_the_checked_one_is_refused_before_anything_is_unpickled()
    {
        // The unpickler takes the first entry whose name ends in data.pkl: a hostile xdata.pkl placed before a harmless
        // data.pkl would be the one loaded if the check looked at data.pkl alone.
        var path = ZipOf("two-pickles.pt", ("archive/xdata.pkl", SystemCallPickle()), ("archive/data.pkl", HarmlessPickle));
        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path));
        Assert.Contains("archive/xdata.pkl", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("archive/data.pkl", "archive/data.pkl", "twice")]
    [InlineData("archive/data.pkl", "other/data/0", "outside the top folder")]
    [InlineData("data.pkl", "archive/data/0", "top folder")]
    [InlineData("archive/data.pkl", "archive/constants.pkl", "not part of a state dict")]
    public void Archives_that_torch_save_cannot_have_written_are_refused(string first, string second, string expected)
    {
        var path = ZipOf("odd.pt", (first, HarmlessPickle), (second, HarmlessPickle));
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
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
