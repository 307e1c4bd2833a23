using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vision.Embedding;
using Vision.Models;

namespace Vision.Tests.Models;

/// <summary>Models:Facen names the facen model instead of the manifest (FindFace's model_facen), for the regenerate command.</summary>
public sealed class FacenModelChoice_Specs
{
    [Fact]
    public void Should_take_the_named_facen_model_and_its_calibration()
    {
        // The last facen model the manifest calibrated (another, such as human-faceres, is there only for measuring ensembles).
        var facen = Manifest().Models.Last(model => model.Task == "facen" && model.Calibration is not null);
        using var services = Services(facen.Name);

        Assert.Equal(facen.Name, services.GetRequiredService<FacenModel>().Name);
        Assert.Equal(FacenCalibration.For(facen).ToCosine(0.5f), services.GetRequiredService<FacenCalibration>().ToCosine(0.5f));
    }

    [Fact]
    public void Should_refuse_a_model_of_another_task()
    {
        var landmarks = Manifest().For("landmarks").Name;
        using var services = Services(landmarks);

        var refused = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<FacenModel>());
        Assert.Contains("not a facen model", refused.Message);
    }

    private static ModelManifest Manifest()
    {
        using var services = Services(facen: "");
        return services.GetRequiredService<ModelCatalog>().Manifest;
    }

    private static ServiceProvider Services(string facen) => new ServiceCollection()
        .AddVision(new ConfigurationBuilder().AddEnvironmentVariables()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>("Models:Facen", facen)]).Build())
        .BuildServiceProvider();
}
