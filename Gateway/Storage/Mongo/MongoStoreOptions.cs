namespace Gateway.Storage.Mongo;

/// <summary>MongoDB as the metadata store (section "Storage:Mongo"), so that gateways on several hosts share their faces.</summary>
public sealed class MongoStoreOptions
{
    /// <summary>A MongoDB connection string (mongodb://host:27017); empty means the SQLite store in Storage:DataDir
    /// (Hosting's Deployment.MetadataStore decides).</summary>
    public string ConnectionString { get; set; } = "";

    public string Database { get; set; } = "facepipe";
}
