using Gateway.Auth;
using Gateway.Maintenance;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>The gateway program's command line: which command the arguments ask for, with what, and which arguments are left
/// to configure the host.</summary>
public sealed class GatewayCommandLine_Specs
{
    [Fact]
    public void Should_run_the_server_with_every_argument_as_a_setting_when_no_command_is_given()
    {
        var parsed = GatewayCommandLine.Parse(["--urls", "http://127.0.0.1:9000", "--Storage:DataDir=/srv/data"]);

        Assert.Equal((null, (int?)null), (parsed.Command, parsed.ExitCode));
        Assert.Equal(["--urls", "http://127.0.0.1:9000", "--Storage:DataDir=/srv/data"], parsed.HostArgs);
    }

    [Fact]
    public void Should_read_the_maintenance_options_and_leave_the_settings_to_the_host()
    {
        var parsed = GatewayCommandLine.Parse(["rebuild-index", "--gallery", "staff", "--Index:Shards:0:Endpoint", "redis:6379", "--limit", "5", "--restart"]);

        Assert.Equal(new RebuildIndexCommand(new MaintenanceArguments("staff", 5, Restart: true)), parsed.Command);
        Assert.Equal(["--Index:Shards:0:Endpoint", "redis:6379"], parsed.HostArgs);
    }

    [Fact]
    public void Should_default_to_every_face_from_the_checkpoint()
    {
        var parsed = GatewayCommandLine.Parse(["regenerate"]);

        Assert.Equal(new RegenerateCommand(new MaintenanceArguments("default", int.MaxValue, Restart: false)), parsed.Command);
    }

    [Theory]
    [InlineData("check-index", "--repair")]
    [InlineData("purge", "--restart")]
    public void Should_read_the_one_flag_of_check_index_and_purge(string command, string flag)
    {
        Assert.Equal(command == "purge" ? new PurgeCommand(Restart: false) : new CheckIndexCommand(Repair: false),
            GatewayCommandLine.Parse([command]).Command);
        Assert.Equal(command == "purge" ? new PurgeCommand(Restart: true) : new CheckIndexCommand(Repair: true),
            GatewayCommandLine.Parse([command, flag, "--Storage:DataDir=/d"]).Command);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("token", "--short", "--scope", "read")]
    [InlineData("token", "list")]
    [InlineData("token", "revoke", "abcd")]
    // A long token may start with a dash.
    [InlineData("token", "revoke", "-bcdefghijklmnopqrstuvwxyz012345")]
    public void Should_take_the_token_commands(params string[] args)
    {
        var parsed = GatewayCommandLine.Parse([.. args, "--Storage:DataDir=/d"]);

        Assert.IsType<TokenCommand>(parsed.Command);
        Assert.Equal(["--Storage:DataDir=/d"], parsed.HostArgs);
    }

    [Theory]
    [InlineData("token", "--scope", "root")]
    [InlineData("token", "revoke")]
    [InlineData("rebuild-index", "--limit", "0")]
    [InlineData("rebuild-index", "--limit", "many")]
    [InlineData("regenerate", "--gallery", "two words")]
    [InlineData("purge", "--gallery", "staff")]
    [InlineData("check-index", "--repiar")]
    public void Should_refuse_bad_arguments_with_exit_code_2(params string[] args)
    {
        var parsed = GatewayCommandLine.Parse(args);

        Assert.Equal((null, (int?)2), (parsed.Command, parsed.ExitCode));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("token", "--help")]
    [InlineData("rebuild-index", "--help")]
    public void Should_print_help_and_exit_0_instead_of_starting_anything(params string[] args)
    {
        var parsed = GatewayCommandLine.Parse(args);

        Assert.Equal((null, (int?)0), (parsed.Command, parsed.ExitCode));
    }
}
