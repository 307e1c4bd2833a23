using System.Net;
using System.Net.Sockets;

namespace Architecture.Tests.Programs;

/// <summary>Every program started with settings it cannot run with: it says why in one line on standard error and exits with 2,
/// without a stack trace, and answers <c>--help</c> with its commands and settings instead of starting.</summary>
public sealed class ProgramStart_Specs
{
    public static TheoryData<string, string[], string> Refused => new()
    {
        { "Gateway", ["--Auth:BootstrapToken=not a token"], "Auth:BootstrapToken must be" },
        { "Gateway", ["--Deployment=Clustered"], "Deployment is Standalone or Cluster, not 'Clustered'" },
        { "Gateway", ["--Deployment=Cluster"], "Storage:ClaimsDir must name a folder" },
        { "Gateway", ["--Bus:Host=rabbitmq"], "Bus:Host names a RabbitMQ setting, but Deployment is Standalone" },
        { "Gateway", ["--Storage:ClaimsDir=/tmp"], "Storage:ClaimsDir is for a cluster's processes" },
        { "Gateway", ["--Storage:GatewayCount=2"], "Storage:GatewayCount is above 1 in Standalone with the exact in-process index" },
        { "Gateway", ["--Bus:Transport=RabbitMq"], "Bus:Transport=RabbitMq is no longer read: set Deployment=Cluster" },
        { "Gateway", ["--Storage:ClaimTtl=-00:10:00"], "Storage:ClaimTtl must be a positive time span" },
        { "Gateway", ["--Facenapi:PageSize=0"], "PageSize" },
        { "Workers.Detect", [], "runs only in a cluster" },
        { "Workers.Embed", ["--Deployment=Cluster"], "Storage:ClaimsDir must name a folder" },
        { "Workers.Index", [], "runs only in a cluster" },
        { "Workers.Video", ["--source", "file@10:/nonexistent.mp4", "--Bus:Host=rabbitmq"], "Bus:Host names a RabbitMQ setting" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Should_refuse_settings_that_contradict_each_other_in_one_line_with_exit_code_2(string project, string[] args, string reason)
    {
        var run = await ProgramRun.RunAsync(project, args);

        AssertRefused(project, run, reason);
    }

    [Theory]
    [InlineData]
    [InlineData("token", "list")]
    [InlineData("rebuild-index")]
    public async Task Should_refuse_a_data_folder_it_cannot_write_in_one_line(params string[] command)
    {
        // A folder below a file can be created by nobody, root included.
        var file = Path.GetTempFileName();
        try
        {
            var run = await ProgramRun.RunAsync("Gateway", [.. command, $"--Storage:DataDir={file}/data", "--urls", $"http://127.0.0.1:{TestSupport.FreePort.Next()}"]);

            AssertRefused("Gateway", run, $"Storage:DataDir {file}/data cannot be written");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Should_refuse_a_port_already_in_use_in_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await ProgramRun.RunAsync("Gateway", "--urls", $"http://127.0.0.1:{port}");

        AssertRefused("Gateway", run, $"Failed to bind to address http://127.0.0.1:{port}: address already in use");
    }

    [Theory]
    [InlineData("Gateway", new[] { "token", "rebuild-index", "regenerate", "purge", "check-index", "Deployment=Standalone|Cluster", "Storage:DataDir" })]
    [InlineData("Workers.Detect", new[] { "Deployment=Standalone|Cluster", "Storage:ClaimsDir", "Models:Dir", "Bus:Host" })]
    [InlineData("Workers.Embed", new[] { "Deployment=Standalone|Cluster", "Storage:ClaimsDir", "Models:Dir", "Bus:Host" })]
    [InlineData("Workers.Index", new[] { "Deployment=Standalone|Cluster", "Index:Shards", "Bus:Host" })]
    [InlineData("Workers.Video", new[] { "Deployment=Standalone|Cluster", "detector-name", "api-host" })]
    public async Task Should_print_its_commands_and_settings_on_help_and_exit_0(string project, string[] shown)
    {
        var (exitCode, output, errors) = await ProgramRun.RunAsync(project, "--help");

        Assert.True(exitCode == 0, output + errors);
        Assert.All(shown, text => Assert.Contains(text, output));
        Assert.DoesNotContain("Now listening", output);
    }

    private static void AssertRefused(string project, (int ExitCode, string Output, string Errors) run, string reason)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}\n{run.Output}\n{run.Errors}");
        var line = Assert.Single(run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{project}: ", line);
        Assert.Contains(reason, line);
        Assert.DoesNotContain("   at ", run.Output + run.Errors);
    }
}
