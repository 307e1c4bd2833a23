using Microsoft.Extensions.Configuration;

namespace Hosting;

/// <summary>
/// The one setting that says how the pipeline is deployed, <c>Deployment</c> = <c>Standalone</c> (the default) or <c>Cluster</c>,
/// read once per process here; every registration that differs between the two asks this object, nothing else. What changes:
/// <code>
/// concern                 Standalone (one process, one command)          Cluster (compose/, scaled out)
/// processes               the gateway hosts every stage                  gateways + Workers.Detect/Embed/Index, N replicas each
/// transport               MassTransit in memory                          RabbitMQ (Bus:Host, Port, VirtualHost, Username, Password, UseSsl)
/// stage timeouts          timers in the gateway (Gateway/Sagas/StageTimeouts), the same in both deployments
/// claim store (images)    memory                                         files in Storage:ClaimsDir, shared by every process (required)
/// face index              in the gateway: exact, or Redis (Index:Shards) in Workers.Index: Redis shards, or exact in ONE replica
/// metadata store          SQLite in Storage:DataDir, or MongoDB          the same, shared by the gateways (same DataDir, or MongoDB)
///                         (Storage:Mongo:ConnectionString)               with Storage:GatewayNumber/GatewayCount
/// video detector's posts  HTTP to its api-host                           CaptureFace requests over the bus to any gateway
/// </code>
/// Settings that contradict the deployment are refused at start (<see cref="StartRefusedException"/>): a worker process in
/// Standalone, broker or claim-folder settings in Standalone, several standalone gateways on one store with the exact index,
/// a cluster without its claims folder, and the retired <c>Bus:Transport</c>.
/// </summary>
public sealed class Deployment
{
    public const string Key = "Deployment";

    /// <summary>The folder every process of a cluster reads and writes claims in (a shared volume across hosts).</summary>
    public const string ClaimsDirKey = "Storage:ClaimsDir";

    private const string MongoKey = "Storage:Mongo:ConnectionString";
    private const string GatewayCountKey = "Storage:GatewayCount";
    private const string ShardsKey = "Index:Shards";

    // The transport switch this setting replaced; set, it would be silently ignored, so it is refused with the new name.
    private const string RetiredTransportKey = "Bus:Transport";

    // Broker settings: in a standalone process nothing reads them, so one set means Cluster was meant.
    private static readonly string[] BrokerKeys = ["Bus:Host", "Bus:Port", "Bus:VirtualHost", "Bus:Username", "Bus:Password", "Bus:UseSsl"];

    private Deployment(DeploymentMode mode, PipelineProcess process, BusOptions bus, string? claimsDir, bool redisShards, bool mongo)
    {
        (Mode, Process, Bus, ClaimsDir) = (mode, process, bus, claimsDir);
        Index = redisShards ? FaceIndexKind.RedisShards : FaceIndexKind.Exact;
        MetadataStore = mongo ? MetadataStoreKind.Mongo : MetadataStoreKind.Sqlite;
    }

    public DeploymentMode Mode { get; }

    /// <summary>The program reading it, whose combination of settings was checked.</summary>
    public PipelineProcess Process { get; }

    /// <summary>Every stage runs in this process, so whatever they share may stay in memory.</summary>
    public bool IsStandalone => Mode == DeploymentMode.Standalone;

    /// <summary>The broker (Cluster); unused in Standalone.</summary>
    public BusOptions Bus { get; }

    /// <summary>Where images wait between stages: memory (null) in Standalone, this shared folder in Cluster.</summary>
    public string? ClaimsDir { get; }

    /// <summary>The index of whichever process hosts it (the standalone gateway, a cluster's index workers, the gateway's commands).</summary>
    public FaceIndexKind Index { get; }

    public MetadataStoreKind MetadataStore { get; }

    /// <summary>How the video detector hands over captured faces.</summary>
    public VideoPoster VideoPoster => IsStandalone ? VideoPoster.Http : VideoPoster.Bus;

    /// <summary>Reads and checks the deployment of <paramref name="process"/>.</summary>
    /// <exception cref="StartRefusedException">The settings contradict each other; its message says which and what to do.</exception>
    public static Deployment Read(IConfiguration configuration, PipelineProcess process)
    {
        if (configuration[RetiredTransportKey] is { } transport)
            throw new StartRefusedException($"{RetiredTransportKey}={transport} is no longer read: set {Key}=" +
                $"{(transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase) ? DeploymentMode.Cluster : DeploymentMode.Standalone)} instead.");
        var text = configuration[Key];
        var mode = DeploymentMode.Standalone;
        if (!string.IsNullOrWhiteSpace(text) && (!Enum.TryParse(text, ignoreCase: true, out mode) || !Enum.IsDefined(mode)))
            throw new StartRefusedException($"{Key} is {nameof(DeploymentMode.Standalone)} or {nameof(DeploymentMode.Cluster)}, not '{text}'.");

        var bus = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var claimsDir = configuration[ClaimsDirKey];
        var redisShards = configuration.GetSection(ShardsKey).GetChildren().Any();
        var mongo = !string.IsNullOrWhiteSpace(configuration[MongoKey]);
        if (mode == DeploymentMode.Standalone)
        {
            if (process is PipelineProcess.DetectWorker or PipelineProcess.EmbedWorker or PipelineProcess.IndexWorker)
                throw new StartRefusedException($"a {process.Describe()} runs only in a cluster (a standalone gateway runs its stage itself): " +
                    $"set {Key}=Cluster.");
            if (BrokerKeys.FirstOrDefault(key => configuration[key] is not null) is { } brokerKey)
                throw new StartRefusedException($"{brokerKey} names a RabbitMQ setting, but {Key} is Standalone (no broker): " +
                    $"set {Key}=Cluster, or remove {brokerKey}.");
            if (!string.IsNullOrWhiteSpace(claimsDir))
                throw new StartRefusedException($"{ClaimsDirKey} is for a cluster's processes, but {Key} is Standalone (images stay in " +
                    $"memory): set {Key}=Cluster, or remove {ClaimsDirKey}.");
            if (process == PipelineProcess.Gateway && !redisShards && configuration.GetValue(GatewayCountKey, 1) > 1)
                throw new StartRefusedException($"{GatewayCountKey} is above 1 in Standalone with the exact in-process index: each " +
                    $"gateway would search only the faces it enrolled itself. Set {Key}=Cluster, or give the gateways {ShardsKey}.");
            return new Deployment(mode, process, bus, claimsDir: null, redisShards, mongo);
        }

        if (string.IsNullOrWhiteSpace(claimsDir) && process != PipelineProcess.IndexWorker)
            throw new StartRefusedException($"{ClaimsDirKey} must name a folder shared by the gateways and workers when {Key} is Cluster.");
        return new Deployment(mode, process, bus, string.IsNullOrWhiteSpace(claimsDir) ? null : Path.GetFullPath(claimsDir), redisShards, mongo);
    }
}

public enum DeploymentMode
{
    /// <summary>Every stage in the gateway's process, over MassTransit's in-memory transport.</summary>
    Standalone,

    /// <summary>Stages in processes of their own, any number of replicas competing on RabbitMQ queues.</summary>
    Cluster,
}

/// <summary>The programs of the pipeline, each checking its settings against the deployment.</summary>
public enum PipelineProcess
{
    Gateway,
    DetectWorker,
    EmbedWorker,
    IndexWorker,
    VideoDetector,
}

public enum FaceIndexKind
{
    /// <summary>The exact in-process index (Workers.Index/Exact): in a cluster, one replica only.</summary>
    Exact,

    /// <summary>Redis 8 vector-set shards (<c>Index:Shards</c>), shared by any number of processes.</summary>
    RedisShards,
}

public enum MetadataStoreKind
{
    /// <summary><c>metadata.db</c> in <c>Storage:DataDir</c>.</summary>
    Sqlite,

    /// <summary>MongoDB at <c>Storage:Mongo:ConnectionString</c> (faces and galleries; tokens and cameras stay in SQLite).</summary>
    Mongo,
}

public enum VideoPoster
{
    /// <summary>POST /face (or /identify...) to the detector's api-host, any FindFace-compatible server.</summary>
    Http,

    /// <summary>CaptureFace requests over the bus, the frame in the claims folder.</summary>
    Bus,
}

/// <summary>Names a process as a sentence does.</summary>
public static class PipelineProcesses
{
    public static string Describe(this PipelineProcess process) => process switch
    {
        PipelineProcess.Gateway => "gateway",
        PipelineProcess.DetectWorker => "detect worker (Workers.Detect)",
        PipelineProcess.EmbedWorker => "embed worker (Workers.Embed)",
        PipelineProcess.IndexWorker => "index worker (Workers.Index)",
        _ => "video detector (Workers.Video)",
    };
}
