using System.Numerics.Tensors;
using Vision.Models;

namespace Vision.Tests.Models;

[Collection(FaceEngineCollection.Name)]
public sealed class FacenCalibration_Specs(FaceEngine engine)
{
    private readonly FacenCalibration _calibration = engine.Get<FacenCalibration>();
    private readonly IReadOnlyList<CalibrationPoint> _points = engine.Models.Manifest.For("facen").Calibration!;

    [Fact]
    public void Should_map_higher_cosines_to_higher_confidences_from_0_to_1()
    {
        var confidences = Enumerable.Range(-1000, 2001).Select(i => _calibration.ToConfidence(i / 1000f)).ToList();

        Assert.Equal(0f, confidences[0]);
        Assert.Equal(1f, confidences[^1]);
        Assert.All(confidences.Zip(confidences.Skip(1)), p => Assert.True(p.Second > p.First, $"{p.First} then {p.Second}"));
    }

    [Fact]
    public void Should_give_back_the_cosine_of_a_confidence_and_the_confidence_of_a_cosine()
    {
        foreach (var cosine in Enumerable.Range(-100, 201).Select(i => i / 100f))
            Assert.Equal(cosine, _calibration.ToCosine(_calibration.ToConfidence(cosine)), 1e-5f);
        foreach (var confidence in Enumerable.Range(0, 101).Select(i => i / 100f))
            Assert.Equal(confidence, _calibration.ToConfidence(_calibration.ToCosine(confidence)), 1e-5f);
    }

    [Theory]
    [InlineData(ConfidenceThresholds.Strict, ConfidenceThresholds.StrictFalseAcceptRate)]
    [InlineData(ConfidenceThresholds.Medium, ConfidenceThresholds.MediumFalseAcceptRate)]
    [InlineData(ConfidenceThresholds.Low, ConfidenceThresholds.LowFalseAcceptRate)]
    public void Should_put_each_preset_at_the_cosine_measured_for_its_false_accept_rate(float preset, double falseAcceptRate)
    {
        var measured = Assert.Single(_points, p => p.Far == falseAcceptRate);

        Assert.Equal(measured.Cosine, _calibration.ToCosine(preset), 1e-6f);
        Assert.Equal(preset, _calibration.ToConfidence(measured.Cosine), 1e-6f);
    }

    [Fact]
    public void Should_refuse_a_calibration_whose_cosines_do_not_rise_as_the_false_accept_rate_falls()
    {
        CalibrationPoint[] inverted =
        [
            new(ConfidenceThresholds.LowFalseAcceptRate, 0.5f, "empirical", 100),
            new(ConfidenceThresholds.MediumFalseAcceptRate, 0.4f, "empirical", 100),
            new(ConfidenceThresholds.StrictFalseAcceptRate, 0.6f, "normal tail fit", 100),
        ];

        Assert.Throws<InvalidDataException>(() => new FacenCalibration(inverted));
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("grace_hopper.jpg")]
    [InlineData("man2.jpg")]
    public async Task Should_score_an_edited_copy_of_a_portrait_above_strict(string photo)
    {
        var original = Photos.Bytes(photo);
        var reference = (await engine.DescribeAsync(original))[0].Description.Facen!;

        foreach (var edited in new[] { PhotoEdits.Resize(original, 0.5f), PhotoEdits.Reencode(original, 40), PhotoEdits.Brighten(original, 1.3f, 0.08f) })
        {
            var facen = (await engine.DescribeAsync(edited))[0].Description.Facen!;
            Assert.True(_calibration.ToConfidence(TensorPrimitives.Dot(reference, facen)) > ConfidenceThresholds.Strict);
        }
    }

    [Fact]
    public async Task Should_score_the_portraits_of_different_people_below_medium()
    {
        // Measured: the six pairs of these four people score cosine -0.11 to 0.15, under the FAR 1e-3 cosine (0.335). Not below
        // low: at FAR 1e-1 (cosine 0.129 on LFW) one different-person pair in ten is accepted, astronaut ~ grace_hopper among them.
        var people = new List<(string Photo, float[] Facen)>();
        foreach (var photo in Photos.Portraits.Keys)
            people.Add((photo, (await engine.DescribeAsync(Photos.Bytes(photo)))[0].Description.Facen!));

        foreach (var (a, b) in people.SelectMany((a, i) => people.Skip(i + 1).Select(b => (a, b))))
        {
            var confidence = _calibration.ToConfidence(TensorPrimitives.Dot(a.Facen, b.Facen));
            Assert.True(confidence < ConfidenceThresholds.Medium, $"{a.Photo} ~ {b.Photo}: {confidence}");
        }
    }
}
