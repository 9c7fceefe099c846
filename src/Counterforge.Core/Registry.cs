namespace Counterforge.Core;

/// <summary>
/// Backends of one kind by name, the single way in (like timm's <c>create_model</c>): the built-in ones are registered
/// by whoever assembles the defaults, and a user registers their own under a new name. Names are case-sensitive.
/// </summary>
public sealed class Registry<T>(string kind)
{
    private readonly Dictionary<string, Func<T>> factories = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly HashSet<string> optIn = new(StringComparer.Ordinal);

    /// <summary>What the registry holds, as a user names it in an error ("--perturber", "reinforcement method").</summary>
    public string Kind { get; } = kind;

    /// <summary>Registered names, in the order they were registered.</summary>
    public IReadOnlyList<string> Names => order;

    /// <summary>The names used when a user names none: all but those registered as opt-in.</summary>
    public IReadOnlyList<string> Defaults => order.Where(n => !optIn.Contains(n)).ToList();

    /// <summary>Adds a backend, or replaces the one of the same name; an opt-in one runs only when named.</summary>
    public Registry<T> Register(string name, Func<T> create, bool optInOnly = false)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"A {Kind} needs a name.", nameof(name));
        if (!factories.ContainsKey(name)) order.Add(name);
        factories[name] = create;
        if (optInOnly) optIn.Add(name);
        else optIn.Remove(name);
        return this;
    }

    public bool Contains(string name) => factories.ContainsKey(name);

    public T Create(string name) => factories.TryGetValue(name, out var create)
        ? create()
        : throw new ArgumentException($"{Kind} '{name}' is not known; choose one of: {string.Join(", ", order)}.");
}
