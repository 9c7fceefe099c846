using Counterforge.Core;

namespace Counterforge.Backends;

/// <summary>A <see cref="Registry{T}"/> of backends that are made for a run: each factory gets what it may need from the run (<typeparamref name="TContext"/>).</summary>
public sealed class BackendRegistry<TContext, T>(string kind)
{
    private readonly Registry<Func<TContext, T>> factories = new(kind);

    public string Kind => factories.Kind;

    public IReadOnlyList<string> Names => factories.Names;

    public BackendRegistry<TContext, T> Register(string name, Func<TContext, T> create)
    {
        factories.Register(name, () => create);
        return this;
    }

    public bool Contains(string name) => factories.Contains(name);

    public T Create(string name, TContext context) => factories.Create(name)(context);
}
