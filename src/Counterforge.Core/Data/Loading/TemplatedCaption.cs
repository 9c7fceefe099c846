namespace Counterforge.Core.Data.Loading;

/// <summary>The caption an image gets when none is given: "a photo of a {class}" (with "an" before a vowel, underscores as spaces).</summary>
public static class TemplatedCaption
{
    public static string For(string className)
    {
        var words = ClassWords(className);
        return $"a photo of {Article.For(words)} {words}";
    }

    /// <summary>How a caption writes a class name: folder-style underscores become spaces ("golden_retriever" → "golden retriever").</summary>
    public static string ClassWords(string className) => className.Replace('_', ' ');
}

/// <summary>English indefinite article by the first letter; good enough for templated and edited captions.</summary>
public static class Article
{
    public static string For(string word) =>
        word.Length > 0 && "aeiouAEIOU".Contains(word[0]) ? "an" : "a";
}
