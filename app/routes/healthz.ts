import { healthReport } from '#app/.server/health.ts'

/** For load balancers and supervisors: 200 when this process can serve and take jobs, else 503. */
export async function loader() {
  const report = await healthReport()
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
