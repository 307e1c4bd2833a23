namespace Gateway.Storage;

/// <summary>How a face's gallery list changes: the spec's <c>{"add": [...]}</c>, <c>{"del": [...]}</c> or <c>{"set": [...]}</c>.</summary>
public sealed record GalleryChange(GalleryChangeKind Kind, IReadOnlyList<string> Galleries)
{
    public IReadOnlyList<string> ApplyTo(IReadOnlyList<string> current) => Kind switch
    {
        GalleryChangeKind.Add => current.Union(Galleries, StringComparer.Ordinal).ToList(),
        GalleryChangeKind.Del => current.Except(Galleries, StringComparer.Ordinal).ToList(),
        _ => Galleries.Distinct(StringComparer.Ordinal).ToList(),
    };
}

public enum GalleryChangeKind { Add, Del, Set }
