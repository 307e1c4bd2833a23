using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests.Storage;

public sealed class SqliteFaceStore_Specs : FaceStoreContract
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("facepipe-store-");

    protected override IFaceStore CreateStore() => new SqliteFaceStore(new MetadataDatabase(Options.Create(new StorageOptions { DataDir = _dataDir.FullName })));

    public override void Dispose() => _dataDir.Delete(recursive: true);
}
