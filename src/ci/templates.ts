/**
 * CI files for the repositories a centre's portfolios live in: the learner's (GitHub
 * Actions and GitLab CI, written by `init`), and the centre's, which builds every
 * learner's repository in a matrix and reads the built outputs with `cohort`.
 *
 * On CI the PDF is built unsigned: the learner's key stays on their own computer, where
 * they build and sign the PDF they hand in. What CI keeps is a record, on each push, that
 * the portfolio checks, with the site and PDF to look at, and the progress a centre reads.
 *
 * The tool is installed at the version that wrote the file, so a run next year builds as
 * this one did; PORTFOLIO_PACKAGE names another (a newer version, a centre's mirror, a
 * tarball). The build goes outside the checkout, since nothing is built inside the sources.
 */

const PACKAGE = "@vq-portfolio/portfolio";

/** The install line every template shares. */
function install(version: string): string {
  return `npm install --global --no-audit --no-fund "\${PORTFOLIO_PACKAGE:-${PACKAGE}@${version}}"`;
}

/** The GitHub Actions steps every job that runs portfolio starts with: Node 20, then portfolio. */
function setupSteps(version: string): string {
  return `      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install portfolio
        run: ${install(version)}
`;
}

/**
 * Ubuntu 24.04 (GitHub's ubuntu-latest) lets no program make the user namespaces Chrome's
 * sandbox is built on unless AppArmor names it, and Chrome then refuses to start ("No
 * usable sandbox"). Lifting the restriction, one of the ways out in puppeteer's
 * troubleshooting guide and Chromium's notes on AppArmor, suits a runner (a machine used
 * once) better than running Chrome without its sandbox. Where the setting is not there
 * (other systems), nothing is done.
 */
function sandboxStep(): string {
  return `      - name: Let Chrome use its sandbox (Ubuntu 24.04 restricts user namespaces)
        run: if [ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ]; then sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; fi
`;
}

/** `.github/workflows/portfolio.yml` in the learner's repository (the workspace is its root). */
export function githubLearnerWorkflow(version: string): string {
  return `# Made by \`portfolio init\` (portfolio ${version}). On each push: check the portfolio, build
# the site and PDF, and keep them as the run's artifact "portfolio-site" (the run's page,
# under Artifacts). The PDF built here is unsigned: build and sign the one you hand in on
# your own computer, where your key is. Your site is published on GitHub Pages only if
# you set the repository variable PORTFOLIO_PUBLISH to true (Settings > Secrets and
# variables > Actions > Variables) and turn Pages on with "GitHub Actions" as its source:
# anyone with the address can then read it, so ask your centre first.
name: portfolio

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${setupSteps(version)}      - name: Check
        run: portfolio check --dir .
${sandboxStep()}      - name: Build the site and PDF
        # Google Chrome is on GitHub's Ubuntu runners; elsewhere install chromium first.
        run: portfolio build --no-sign --dir . --out "$RUNNER_TEMP/portfolio-site"
      - uses: actions/upload-artifact@v4
        with:
          name: portfolio-site
          path: \${{ runner.temp }}/portfolio-site
          if-no-files-found: error
      - uses: actions/upload-pages-artifact@v3
        if: vars.PORTFOLIO_PUBLISH == 'true' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
        with:
          path: \${{ runner.temp }}/portfolio-site

  publish:
    needs: build
    if: vars.PORTFOLIO_PUBLISH == 'true' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`;
}

/** `.gitlab-ci.yml` in the learner's repository. */
export function gitlabLearnerPipeline(version: string): string {
  return `# Made by \`portfolio init\` (portfolio ${version}). On each push: check the portfolio, build
# the site and PDF, and keep them as the job's artifacts (portfolio-site/, for 90 days).
# The PDF built here is unsigned: build and sign the one you hand in on your own computer,
# where your key is. Your site is published on GitLab Pages only if you set the CI/CD
# variable PORTFOLIO_PUBLISH to true (Settings > CI/CD > Variables): anyone who can see
# the Pages site can then read it, so ask your centre first.
portfolio:
  image: node:20-bookworm
  before_script:
    # Chromium prints the PDF (as root in the container, it runs without its sandbox).
    - command -v chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)
    - ${install(version)}
  script:
    - portfolio check --dir .
    # Built outside the checkout (nothing is built inside the sources), then kept.
    - portfolio build --no-sign --dir . --out ../portfolio-site
    - rm -rf portfolio-site && cp -R ../portfolio-site portfolio-site
  artifacts:
    name: portfolio-site
    paths:
      - portfolio-site/
    expire_in: 90 days

pages:
  stage: deploy
  needs: [portfolio]
  rules:
    - if: $PORTFOLIO_PUBLISH == "true" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - rm -rf public && mv portfolio-site public
  artifacts:
    paths:
      - public
`;
}

/**
 * GitHub runs at most 256 jobs of a matrix in a workflow run, and a centre has hundreds of
 * learners: up to this many jobs, one learner each; beyond, learners share a job, built one
 * after another, spread evenly.
 */
export const CENTRE_JOBS = 200;

/** The learners' repositories in batches, one per job: at most CENTRE_JOBS, dealt round. */
export function centreBatches(repositories: readonly string[]): string[][] {
  const jobs = Math.min(CENTRE_JOBS, repositories.length);
  const batches: string[][] = Array.from({ length: jobs }, () => []);
  repositories.forEach((repo, i) => batches[i % jobs]!.push(repo));
  return batches;
}

/**
 * A centre's \`.github/workflows/cohort.yml\`: the learners' repositories built in parallel
 * jobs (a batch each), then one job reads every built output with \`cohort\`, and keeps
 * the cohort page, cohort.json and the IQA's sampling plan as its artifact. A repository
 * that cannot be cloned or built leaves a folder without a PDF, which the cohort lists as
 * not read, saying why.
 */
export function githubCentreWorkflow(version: string, repositories: readonly string[]): string {
  const include = centreBatches(repositories).map((batch, i) => `          - batch: ${i + 1}\n            repositories: ${batch.join(" ")}`).join("\n");
  return `# Made by \`portfolio ci --centre\` (portfolio ${version}). Each week and when run by hand:
# build every learner's portfolio repository (in parallel jobs; beyond ${CENTRE_JOBS} learners,
# several to a job), then read all the built outputs with \`portfolio cohort\`: the artifact
# "cohort" holds index.html, cohort.json and the IQA's sampling plan (sample.csv). The
# learners' repositories are read with the secret LEARNER_REPOS_TOKEN (a token that can
# read them); the list below is the one given to \`portfolio ci\`: to add learners, run it
# again with them. PDFs built here are unsigned, so the cohort shows progress and gaps;
# the signed PDFs learners hand in are verified with \`portfolio verify\` or \`cohort\`.
name: cohort

on:
  workflow_dispatch:
  schedule:
    - cron: "0 6 * * 1"

permissions:
  contents: read

jobs:
  learners:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      max-parallel: 20
      matrix:
        include:
${include}
    steps:
${setupSteps(version)}${sandboxStep()}      - name: Build each learner's site and PDF
        env:
          REPOSITORIES: \${{ matrix.repositories }}
          TOKEN: \${{ secrets.LEARNER_REPOS_TOKEN }}
        run: |
          auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$TOKEN" | base64 -w0)"
          for repo in $REPOSITORIES; do
            name=$(echo "$repo" | tr '/' '_')
            site="$RUNNER_TEMP/sites/$name"
            if ! git -c "http.extraheader=$auth" clone --quiet --depth 1 "$GITHUB_SERVER_URL/$repo" "learners/$name"; then
              mkdir -p "$site" && echo "$repo could not be cloned" > "$site/not-built.txt"
              echo "::warning::$repo could not be cloned"
            elif ! portfolio build --no-sign --dir "learners/$name" --out "$site"; then
              mkdir -p "$site" && echo "$repo was not built (portfolio build says why in batch \${{ matrix.batch }}'s log: errors in the portfolio, most often)" > "$site/not-built.txt"
              echo "::warning::$repo was not built"
            fi
          done
      - uses: actions/upload-artifact@v4
        with:
          name: sites-\${{ matrix.batch }}
          path: \${{ runner.temp }}/sites
          if-no-files-found: error

  cohort:
    needs: learners
    # Also when a batch failed: the rest are read.
    if: always()
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: sites-*
          path: sites
          merge-multiple: true
${setupSteps(version)}      - name: Read the cohort
        # Exit 1 (a PDF not valid, a learner not built) is shown on the run, after the page is written.
        run: portfolio cohort sites/* --out cohort --sample --seed "$GITHUB_RUN_NUMBER"
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: cohort
          path: cohort
`;
}
