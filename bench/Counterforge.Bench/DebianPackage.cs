namespace Counterforge.Bench;

/// <summary>The Debian packages the dataset builders read, installed with apt-get when missing (as root; otherwise the error says what to run).</summary>
internal static class DebianPackage
{
    /// <summary>Makes sure <paramref name="path"/> exists, installing <paramref name="package"/> when it does not.</summary>
    public static void Ensure(string package, string path)
    {
        if (File.Exists(path) || Directory.Exists(path)) return;
        if (Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
        {
            Console.Error.WriteLine($"{path} is missing: installing Debian's {package}");
            var update = ChildProcess.Run("/usr/bin/apt-get", ["update", "-qq"]);
            var install = update.ExitCode == 0 ? ChildProcess.Run("/usr/bin/apt-get", ["install", "-y", "-qq", package]) : update;
            if (install.ExitCode != 0) Console.Error.WriteLine(install.Output);
        }
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{path} is missing: apt-get install -y {package} (as root).", path);
    }
}
