using System.Text.Json;
using Contracts.Detection;
using Contracts.Images;
using Hosting;

namespace Gateway.FunctionalTests.Bus;

public sealed class FloatArrayJsonConverter_Specs
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new FloatArrayJsonConverter() } };

    [Fact]
    public void Should_carry_every_bit_of_a_facen_as_a_base64_string()
    {
        var random = new Random(7);
        var facen = Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() * 2 - 1) / 22.6f).ToArray();
        facen[3] = float.Epsilon;
        facen[4] = -0f;

        var json = JsonSerializer.Serialize(new DetectedFace(new Box(1, 2, 3, 4), 0.9f, facen, 0.1f), Options);
        var back = JsonSerializer.Deserialize<DetectedFace>(json, Options)!;

        Assert.Equal(facen.Select(BitConverter.SingleToInt32Bits), back.Landmarks.Select(BitConverter.SingleToInt32Bits));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("Landmarks").ValueKind);
        Assert.True(json.Length < JsonSerializer.Serialize(facen).Length / 2, $"{json.Length} characters");
    }

    [Fact]
    public void Should_read_arrays_of_numbers_that_older_nodes_queued()
    {
        var face = JsonSerializer.Deserialize<DetectedFace>("""{"Box":{"Left":1,"Top":2,"Right":3,"Bottom":4},"Score":1,"Landmarks":[0.5,-1.25,3]}""", Options)!;
        Assert.Equal([0.5f, -1.25f, 3f], face.Landmarks);
    }

    [Theory]
    [InlineData("\"AAAA\"")] // 3 bytes: not a whole float
    [InlineData("\"not base64!\"")]
    [InlineData("{}")]
    [InlineData("[1, \"two\"]")]
    public void Should_refuse_what_is_not_a_float_array(string landmarks)
    {
        Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize<DetectedFace>($$"""{"Box":{"Left":1,"Top":2,"Right":3,"Bottom":4},"Score":1,"Landmarks":{{landmarks}}}""", Options));
    }
}
