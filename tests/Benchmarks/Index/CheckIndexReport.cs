using System.Diagnostics;
using Benchmarks.Support;
using Contracts.Images;
using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TestSupport;
using Workers.Index.Redis;

namespace Benchmarks.Index;

/// <summary>How long the gateway's <c>check-index</c> takes (<c>-- check-index [FACES]</c>, default 100,000): a metadata store
/// of synthetic faces (a tenth of them in a gallery) filled into two real Redis 8 shards by <c>rebuild-index</c>, then
/// <c>check-index</c> run as an operator runs it, on the agreeing pair, and with <c>--repair</c> after a hundred faces were taken
/// out of the shards and a hundred foreign ones put in.</summary>
public static class CheckIndexReport
{
    public const string Mode = "check-index";

    private const int DefaultFaces = 100_000;
    private const int Planted = 100;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var faces = args is [_, var count] ? int.Parse(count) : DefaultFaces;
        var dataDir = Directory.CreateTempSubdirectory("facepipe-check-index-");
        try
        {
            using var servers = new RedisServers(2);
            var settings = new List<string>();
            for (var shard = 0; shard < 2; shard++)
            {
                settings.Add($"--Index:Shards:{shard}:Endpoint={servers.Endpoints[shard]}");
                settings.Add($"--Index:Shards:{shard}:Cells={shard * ShardMap.Cells / 2}-{(shard + 1) * ShardMap.Cells / 2 - 1}");
            }
            settings.Add($"--Storage:DataDir={dataDir.FullName}");

            var clock = Stopwatch.StartNew();
            await FillStoreAsync(dataDir.FullName, faces);
            await output.WriteLineAsync($"{faces} faces stored in {clock.Elapsed.TotalSeconds:0.0} s");
            await RunGatewayAsync(output, ["rebuild-index", .. settings]);

            await RunGatewayAsync(output, ["check-index", .. settings]);

            using (var first = await ConnectionMultiplexer.ConnectAsync(servers.Endpoints[0]))
            {
                var shard = first.GetDatabase();
                var members = (RedisResult[])(await shard.ExecuteAsync("VRANDMEMBER", "facen:default", Planted))!;
                foreach (var member in members)
                    await shard.ExecuteAsync("VREM", "facen:default", (string)member!);
                var facen = (RedisResult[])(await shard.ExecuteAsync("VEMB", "facen:default", (string)(await shard.ExecuteAsync("VRANDMEMBER", "facen:default"))!))!;
                // Foreign ids of this shard's cells, as a face added behind the store's back would be.
                foreach (var id in Enumerable.Range(0, 10 * Planted).Select(i => (1L << 52) + i).Where(id => ShardMap.CellOf(id) < ShardMap.Cells / 2).Take(Planted))
                    await shard.ExecuteAsync("VADD", ["facen:default", "VALUES", facen.Length, .. facen.Select(value => (object)(double)value), id]);
            }
            await RunGatewayAsync(output, ["check-index", "--repair", .. settings]);
            await RunGatewayAsync(output, ["check-index", .. settings]);
            return 0;
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    private static async Task FillStoreAsync(string dataDir, int faces)
    {
        var store = new SqliteFaceStore(new MetadataDatabase(Options.Create(new StorageOptions { DataDir = dataDir })));
        await store.CreateGalleryAsync("staff", CancellationToken.None);
        var random = new Random(1);
        var timestamp = DateTime.UtcNow;
        foreach (var batch in Enumerable.Range(1, faces).Chunk(4096))
        {
            await store.AddAsync([.. batch.Select(id => new FaceToStore(new StoredFace(id, timestamp, "photo.jpeg", "hash", null, null,
                new Box(0, 0, 100, 100), "", id % 10 == 0 ? ["staff"] : [], null, null, null), SyntheticFaces.Facen(random), "synthetic"))],
                CancellationToken.None);
        }
    }

    /// <summary>Runs <c>dotnet Gateway.dll ARGS</c> and prints its last lines with its time and the load average.</summary>
    private static async Task RunGatewayAsync(TextWriter output, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), .. args])
            start.ArgumentList.Add(arg);
        var load = LoadAverage.Now();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var (printed, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        var lines = (await printed).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await output.WriteLineAsync($"{args[0]} {(args.Contains("--repair") ? "--repair " : "")}exit {process.ExitCode} in " +
            $"{clock.Elapsed.TotalSeconds:0.0} s (load average {load} at start):");
        foreach (var line in lines.TakeLast(3))
            await output.WriteLineAsync("  " + line);
        if (await errors is { Length: > 0 } error)
            await output.WriteLineAsync("  stderr: " + error.Trim());
    }
}
