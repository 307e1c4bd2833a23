namespace Vision.Attributes;

/// <summary>SSR-Net's soft stagewise regression: three stages of three bins, each with a learnt bin shift
/// and width scale (Yang et al., IJCAI 2018). Outputs in the exported order: prob_stage_1..3,
/// stage1..3_delta_k, index_offset_stage1..3.</summary>
internal static class SsrNet
{
    public static float Regress(float[][] outputs, float range)
    {
        const int bins = 3;
        double value = 0, width = 1;
        for (var stage = 0; stage < 3; stage++)
        {
            var probabilities = outputs[stage];
            var deltaK = outputs[3 + stage][0];
            var offsets = outputs[6 + stage];
            width *= bins * (1 + deltaK);
            double sum = 0;
            for (var i = 0; i < bins; i++)
                sum += (i + offsets[i]) * probabilities[i];
            value += sum / width;
        }
        return (float)(value * range);
    }
}
