-- POST /auth/login with a fixed prefecture: each request creates an anonymous user and signs two ES256 tokens.
wrk.method = "POST"
wrk.body = '{"prefecture": 13}'
wrk.headers["Content-Type"] = "application/json"
