using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;
using static Gateway.FunctionalTests.Storage.StoredFaces;

namespace Gateway.FunctionalTests.Storage;

public sealed class SqliteFaceStore_Specs : FaceStoreContract
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("facepipe-store-");

    protected override IFaceStore CreateStore() => new SqliteFaceStore(Database());

    [Fact]
    public async Task Should_add_capture_keys_to_a_file_made_before_them()
    {
        var earlier = Face(1, "stored before capture keys", []);
        await new SqliteFaceStore(Database()).AddAsync([earlier], CancellationToken.None);
        // The file as a version without capture keys left it.
        Database().Execute("DROP INDEX faces_by_capture_key; ALTER TABLE faces DROP COLUMN capture_key");

        var store = new SqliteFaceStore(Database());
        var key = Guid.NewGuid();
        await store.AddAsync([Face(2, "captured", []) with { CaptureKey = key }], CancellationToken.None);
        await store.AddAsync([Face(3, "captured again", []) with { CaptureKey = key }], CancellationToken.None);

        AssertFace(earlier, await store.GetAsync(1, CancellationToken.None));
        Assert.Equal(2, (await store.FindCapturedAsync(key, CancellationToken.None))?.Id);
        Assert.Null(await store.GetAsync(3, CancellationToken.None));
    }

    public override void Dispose() => _dataDir.Delete(recursive: true);

    private MetadataDatabase Database() => new(Options.Create(new StorageOptions { DataDir = _dataDir.FullName }));
}
