namespace Vigil.Infrastructure;

/// <summary>The configured prefectures, with Japan's as the default.</summary>
public sealed class RegionCatalog(Microsoft.Extensions.Options.IOptions<RegionOptions> options)
{
    private static readonly string[] Japan =
    [
        "Unspecified", "Hokkaido", "Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima", "Ibaraki", "Tochigi", "Gunma",
        "Saitama", "Chiba", "Tokyo", "Kanagawa", "Niigata", "Toyama", "Ishikawa", "Fukui", "Yamanashi", "Nagano", "Gifu",
        "Shizuoka", "Aichi", "Mie", "Shiga", "Kyoto", "Osaka", "Hyogo", "Nara", "Wakayama", "Tottori", "Shimane", "Okayama",
        "Hiroshima", "Yamaguchi", "Tokushima", "Kagawa", "Ehime", "Kochi", "Fukuoka", "Saga", "Nagasaki", "Kumamoto", "Oita",
        "Miyazaki", "Kagoshima", "Okinawa",
    ];

    public IReadOnlyList<RegionEntry> All { get; } = options.Value.Prefectures.Count > 0
        ? options.Value.Prefectures.OrderBy(p => p.Id).ToList()
        : Japan.Select((name, id) => new RegionEntry { Id = id, Name = name }).ToList();

    public bool Exists(int id) => All.Any(p => p.Id == id);

    /// <summary>A real prefecture an administrator can be responsible for (not 0, "unspecified").</summary>
    public bool IsAssignable(int id) => id != 0 && Exists(id);

    public int MaxId => All[^1].Id;

    /// <summary>The prefecture's configured name, as staff know it ("Tokyo"), or "#id" for an id not configured.</summary>
    public string Name(int id) => All.FirstOrDefault(p => p.Id == id)?.Name ?? $"#{id}";
}
