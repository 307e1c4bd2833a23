namespace Contracts.Index;

/// <summary>How a shard searches, named after FindFace's Tarantool spaces (spec 8.6, 8.7.6): "linear" faces are scanned one by
/// one, "indexed" faces are found through a fast approximate index.</summary>
public static class IndexSpaces
{
    public const string Linear = "linear";
    public const string Indexed = "indexed";
}
