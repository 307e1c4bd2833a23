using Gateway.Storage;
using Gateway.Storage.Mongo;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Gateway.FunctionalTests.Storage;

/// <summary>The contract against the MongoDB server named by FACEPIPE_MONGO, each spec in a database of its own; skipped without one.</summary>
public sealed class MongoFaceStore_Specs : FaceStoreContract
{
    private readonly string _database = $"facepipe-specs-{Guid.NewGuid():N}";
    private MongoFaceStore? _store;

    protected override IFaceStore CreateStore()
    {
        Skip.If(MongoServer.ConnectionString is null, MongoServer.SkipReason);
        return _store = new MongoFaceStore(Options.Create(new StorageOptions
        {
            Mongo = { ConnectionString = MongoServer.ConnectionString!, Database = _database },
        }));
    }

    public override void Dispose()
    {
        if (MongoServer.ConnectionString is null)
            return;
        using var client = new MongoClient(MongoServer.ConnectionString);
        client.DropDatabase(_database);
        _store?.Dispose();
    }
}
