namespace Counterforge.Core.Data.Loading;

/// <summary>The caption an image gets when none is given: "a photo of a {class}" (with "an" before a vowel).</summary>
public static class TemplatedCaption
{
    public static string For(string className) => $"a photo of {Article.For(className)} {className}";
}

/// <summary>English indefinite article by the first letter; good enough for templated and edited captions.</summary>
public static class Article
{
    public static string For(string word) =>
        word.Length > 0 && "aeiouAEIOU".Contains(word[0]) ? "an" : "a";
}
