using Hosting;
using Microsoft.Extensions.Configuration;

namespace Architecture.Tests.Programs;

/// <summary>What the one Deployment setting decides for a process, read from its settings.</summary>
public sealed class Deployment_Specs
{
    [Fact]
    public void Should_keep_every_stage_and_what_they_share_in_the_process_by_default()
    {
        var deployment = Deployment.Read(Settings(), PipelineProcess.Gateway);

        Assert.Equal((DeploymentMode.Standalone, (string?)null, FaceIndexKind.Exact, MetadataStoreKind.Sqlite, VideoPoster.Http),
            (deployment.Mode, deployment.ClaimsDir, deployment.Index, deployment.MetadataStore, deployment.VideoPoster));
    }

    [Fact]
    public void Should_use_the_broker_the_shared_claims_folder_the_shards_and_mongo_in_a_cluster()
    {
        var deployment = Deployment.Read(Settings(("Deployment", "cluster"), ("Bus:Host", "rabbitmq"), ("Storage:ClaimsDir", "/srv/claims"),
            ("Index:Shards:0:Endpoint", "redis-0:6379"), ("Storage:Mongo:ConnectionString", "mongodb://mongo:27017")), PipelineProcess.Gateway);

        Assert.Equal((DeploymentMode.Cluster, "/srv/claims", FaceIndexKind.RedisShards, MetadataStoreKind.Mongo, VideoPoster.Bus),
            (deployment.Mode, deployment.ClaimsDir, deployment.Index, deployment.MetadataStore, deployment.VideoPoster));
        Assert.Equal("rabbitmq", deployment.Bus.Host);
    }

    [Fact]
    public void Should_let_an_index_worker_join_a_cluster_without_a_claims_folder()
    {
        // It never reads an image.
        var deployment = Deployment.Read(Settings(("Deployment", "Cluster")), PipelineProcess.IndexWorker);

        Assert.Equal((DeploymentMode.Cluster, (string?)null), (deployment.Mode, deployment.ClaimsDir));
    }

    [Fact]
    public void Should_let_standalone_gateways_share_a_store_when_they_share_the_shards_too()
    {
        var deployment = Deployment.Read(Settings(("Storage:GatewayCount", "2"), ("Index:Shards:0:Endpoint", "redis-0:6379")), PipelineProcess.Gateway);

        Assert.Equal(DeploymentMode.Standalone, deployment.Mode);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build();
}
