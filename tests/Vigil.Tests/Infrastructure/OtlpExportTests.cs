using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, a real server exports its spans over OTLP/HTTP to a receiver in the
/// test. Activity listeners are process-wide, so this runs alone and finds its own spans by trace id.
/// </summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class OtlpExportTests
{
    private const int ServerKind = 2;
    private const int ConsumerKind = 5;

    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_with_its_database_commands_mqtt_connects_and_a_contacts_command_arrive_as_spans(string provider)
    {
        // One span per command: Npgsql's on PostgreSQL, EF Core's on SQLite.
        var (databaseScope, databaseSystem) = provider == TestDatabases.Postgres ? ("Npgsql", "postgresql") : ("OpenTelemetry.Instrumentation.EntityFrameworkCore", "sqlite");
        bool IsCommand(OtlpSpan s) => s.Scope == databaseScope;
        await using var receiver = await OtlpReceiver.StartAsync();
        using var app = await VigilApp.StartWithSocketsAsync(provider, Exporting(receiver, sampleRatio: "1"));
        using var http = UntracedClient(app);
        Assert.True((await http.PostAsync("/init", """{"phone":"+15555550123"}""")).Status == System.Net.HttpStatusCode.OK);

        bool IsInit(OtlpSpan s) => s.Kind == ServerKind && s.Name == "POST /init";
        var spans = await receiver.WaitForAsync(IsInit);
        var init = Assert.Single(spans, IsInit);
        Assert.Equal("vigil", init.Resource["service.name"]);
        var traceId = init.TraceId;
        var commands = spans.Where(s => s.TraceId == traceId && IsCommand(s)).ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.Equal(databaseSystem, c.Attributes.GetValueOrDefault("db.system") ?? c.Attributes.GetValueOrDefault("db.system.name")));
        var inTrace = spans.Where(s => s.TraceId == traceId).Select(s => s.SpanId).ToHashSet();
        Assert.All(commands, c => Assert.Contains(c.ParentSpanId, inTrace));
        Assert.DoesNotContain(spans, s => s.Attributes.Values.Any(v => v.Contains("5555550123", StringComparison.Ordinal)));

        var phone = await app.NewPhoneUserAsync();
        await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(app.MqttOptions("JWT", "not-a-token")));
        await using var client = await app.ConnectPhoneAsync(phone);
        await client.SubscribeAsync([new TopicSubscription(phone.UserId + "_contact_list", MqttQoS.AtLeastOnce)]);
        await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);
        Assert.Equal(phone.UserId + "_contact_list", (await client.ReceiveAsync(10_000)).Topic);

        spans = await receiver.WaitForAsync(s => s.Name == "contacts get_contact_list");
        var connects = spans.Where(s => s.Scope == "Vigil.Mqtt.Broker" && s.Name == "mqtt connect").ToList();
        Assert.Contains(connects, c => c.Attributes.GetValueOrDefault("mqtt.connack.reason_code") is "134" or "135");
        Assert.Contains(connects, c => !c.Attributes.ContainsKey("mqtt.connack.reason_code") && c.Attributes["network.protocol.version"] == "5");
        var command = Assert.Single(spans, s => s.Name == "contacts get_contact_list");
        Assert.Equal(ConsumerKind, command.Kind);
        Assert.Equal("Vigil", command.Scope);
        Assert.Contains(spans, s => s.TraceId == command.TraceId && s.ParentSpanId == command.SpanId && IsCommand(s));
    }

    [Fact]
    public async Task Metrics_are_exported_over_otlp_too_unless_the_standard_variable_leaves_otlp_out()
    {
        await using var exporting = await OtlpReceiver.StartAsync();
        await using var notExporting = await OtlpReceiver.StartAsync();
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, WithMetricInterval(Exporting(exporting, sampleRatio: "1")));
        using var without = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite,
            WithMetricInterval(new(Exporting(notExporting, sampleRatio: "1")) { ["OTEL_METRICS_EXPORTER"] = "none" }));
        using var http = UntracedClient(app);
        using var httpWithout = UntracedClient(without);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await httpWithout.GetAsync("/healthz")).StatusCode);

        Assert.True(await exporting.WaitForMetricAsync("http.server.request.duration"));
        Assert.NotEmpty(await notExporting.WaitForAsync(s => s.Name == "GET /healthz")); // traces still go
        await Task.Delay(1000); // four more export intervals
        Assert.Empty(notExporting.MetricExports);
    }

    private static Dictionary<string, string?> WithMetricInterval(Dictionary<string, string?> settings)
    {
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "250";
        return settings;
    }

    [Fact]
    public async Task New_traces_are_sampled_at_the_configured_ratio_and_a_callers_sampled_trace_is_always_followed()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, Exporting(receiver, sampleRatio: "0"));
        using var http = UntracedClient(app);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        }
        // Untraced requests with database commands: the commands are not recorded on their own either.
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await http.PostAsync("/init", $$"""{"phone":"+1555555020{{i}}"}""")).Status == System.Net.HttpStatusCode.OK);
        }
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var traced = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        traced.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(traced)).StatusCode);

        // Spans are exported in the order they end, so once the caller's trace is in, the twenty before it would be.
        var spans = await receiver.WaitForAsync(s => s.TraceId == traceId && s.Kind == ServerKind);
        Assert.Single(spans, s => s.Kind == ServerKind && s.Name.Contains("/healthz", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, s => s.TraceId != traceId && s.Scope == "OpenTelemetry.Instrumentation.EntityFrameworkCore");
        Assert.DoesNotContain(spans, s => s.Name.Contains("/init", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Database_commands_of_an_untraced_request_are_not_recorded_as_traces_of_their_own()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = Exporting(receiver, sampleRatio: "0.5");
        settings["Vigil:RateLimits:init:PermitLimit"] = "100";
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, settings);
        using var http = UntracedClient(app);
        const int requests = 24;
        for (var i = 0; i < requests; i++)
        {
            Assert.True((await http.PostAsync("/init", $$"""{"phone":"+155555503{{i:00}}"}""")).Status == System.Net.HttpStatusCode.OK);
        }
        const string traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
        using var marker = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        marker.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(marker)).StatusCode);

        var spans = await receiver.WaitForAsync(s => s.TraceId == traceId && s.Kind == ServerKind);
        var traced = spans.Where(s => s.Kind == ServerKind && s.Name == "POST /init").ToList();
        Assert.InRange(traced.Count, 1, requests - 1);
        var commands = spans.Where(s => s.Scope == "OpenTelemetry.Instrumentation.EntityFrameworkCore").ToList();
        Assert.NotEmpty(commands);
        var exported = spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(commands, c => Assert.Contains(c.ParentSpanId, exported));
    }

    [Fact]
    public void A_sample_ratio_outside_zero_to_one_stops_the_start_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Program.CreateBuilder(
            ["--environment=Development", "--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318", "--Vigil:Metrics:TraceSampleRatio=1.5"]));
        Assert.Contains("Vigil:Metrics:TraceSampleRatio", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Exporting(OtlpReceiver receiver, string sampleRatio) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["Vigil:Metrics:TraceSampleRatio"] = sampleRatio,
    };

    // The test's own requests leave this process too: without this, the server's tracer would see them start (and
    // drop them), and they would carry an unsampled traceparent that the server then follows.
    private static HttpClient UntracedClient(VigilApp app) =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator() })
        {
            BaseAddress = app.HttpAddress,
        };
}
