using Gateway.Storage.Mongo;

namespace Gateway.Storage;

/// <summary>Where the gateway keeps its state: the metadata store and uploads (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The data folder; a relative path is taken from the content root, an empty one means $XDG_DATA_HOME/facepipe.</summary>
    public string DataDir { get; set; } = "";

    /// <summary>This gateway's number among the gateways sharing the metadata store (cluster mode), from 0.</summary>
    public int GatewayNumber { get; set; }

    /// <summary>How many gateways share the metadata store; face ids are split between them (<see cref="FaceIds"/>).</summary>
    public int GatewayCount { get; set; } = 1;

    /// <summary>Faces and galleries in MongoDB instead of <see cref="MetadataDatabase"/>; tokens and cameras stay in SQLite.</summary>
    public MongoStoreOptions Mongo { get; set; } = new();

    /// <summary>Make each SQLite commit durable against power loss too (an fsync per commit) rather than against process
    /// crashes only.</summary>
    public bool SyncEachCommit { get; set; }

    public string MetadataDatabase => Path.Combine(DataDir, "metadata.db");

    /// <summary>Original photos, normalized faces and thumbnails of stored faces, served at /uploads/.</summary>
    public string UploadsDir => Path.Combine(DataDir, "uploads");
}
