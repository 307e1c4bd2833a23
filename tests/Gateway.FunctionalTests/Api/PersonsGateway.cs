using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.FunctionalTests.Api;

/// <summary>A gateway with dynamic person creation and 'friend or foe' on (friends: 3 days of a week), whose clock the
/// specs move: faces posted without a timestamp are stamped with it.</summary>
public class PersonsGateway : GatewayFactory
{
    public const int FriendCount = 3;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected virtual bool Global => false;

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Facenapi:PersonIdentify", "true"),
        ("Facenapi:PersonIdentifyGlobal", Global ? "true" : "false"),
        ("Facenapi:FriendCount", FriendCount.ToString()),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The same with <c>person_identify_global</c>: persons are identified across cameras.</summary>
public sealed class GlobalPersonsGateway : PersonsGateway
{
    protected override bool Global => true;
}
