using Gateway.Storage;
using Hosting;
using Gateway.Storage.Mongo;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workers.Index.Warmup;

namespace Gateway.FunctionalTests.Storage;

/// <summary>Which metadata store the gateway takes from its configuration (Storage:Mongo), as its Deployment reads it.</summary>
public sealed class StoreSelection_Specs : IDisposable
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("facepipe-store-");

    [Fact]
    public void Should_keep_faces_in_sqlite_unless_mongo_is_configured()
    {
        using var host = Build(("Storage:Mongo:ConnectionString", " "));

        var store = host.Services.GetRequiredService<IFaceStore>();

        Assert.IsType<SqliteFaceStore>(store);
        Assert.Same(store, host.Services.GetRequiredService<IFacenSource>());
        Assert.True(File.Exists(Path.Combine(_dataDir.FullName, "metadata.db")));
    }

    [SkippableFact]
    public async Task Should_keep_faces_in_mongo_when_a_connection_string_is_configured()
    {
        Skip.If(MongoServer.ConnectionString is null, MongoServer.SkipReason);
        var database = $"facepipe-specs-{Guid.NewGuid():N}";
        using var host = Build(("Storage:Mongo:ConnectionString", MongoServer.ConnectionString!), ("Storage:Mongo:Database", database));
        try
        {
            var store = host.Services.GetRequiredService<IFaceStore>();

            Assert.IsType<MongoFaceStore>(store);
            Assert.Same(store, host.Services.GetRequiredService<IFacenSource>());
            Assert.True(await store.CreateGalleryAsync("staff", CancellationToken.None));
            Assert.False(File.Exists(Path.Combine(_dataDir.FullName, "metadata.db")));
        }
        finally
        {
            using var client = new MongoDB.Driver.MongoClient(MongoServer.ConnectionString);
            await client.DropDatabaseAsync(database);
        }
    }

    public void Dispose() => _dataDir.Delete(recursive: true);

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([
            new("Storage:DataDir", _dataDir.FullName),
            .. settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)),
        ]);
        builder.Services.AddStorage(Deployment.Read(builder.Configuration, PipelineProcess.Gateway));
        return builder.Build();
    }
}
