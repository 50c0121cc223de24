-- wrk script for bench/reads.bench.js: cycles through the request lines of a file.
-- A line starting with "{" is a GraphQL body POSTed to /graphql; any other is a GET path.
-- Arguments (after --): <lines file> <secret> [merchant id]
local lines = {}
local headers = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  headers["Authorization"] = "Bearer " .. args[2]
  headers["Accept"] = "application/json"
  if args[3] ~= nil and args[3] ~= "" then headers["Merchant-Id"] = args[3] end
  -- Threads start at different offsets so they do not send the same lines in step.
  counter = math.random(#lines)
end

function request()
  counter = counter + 1
  local line = lines[(counter % #lines) + 1]
  if string.sub(line, 1, 1) == "{" then
    local post = { ["Content-Type"] = "application/json" }
    for k, v in pairs(headers) do post[k] = v end
    return wrk.format("POST", "/graphql", post, line)
  end
  return wrk.format("GET", line, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT p50_us=%d p99_us=%d max_us=%d requests=%d bad=%d\n",
    latency:percentile(50), latency:percentile(99), latency.max, summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout))
end
