import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { inject, injectable, injectAll } from 'tsyringe';
import { TrainingClock, type Estimator } from '@signflow/core';
import { batches, stepsPerEpoch } from '@signflow/data';
import { join } from 'node:path';
import { stepFaultPoint, writeFileDurable } from '@signflow/durable';
import { hyperFields } from '@signflow/metrics';
import { bindSchedules } from '../config/run-estimators.js';
import { TOKENS } from '../container/tokens.js';
import { DivergedError } from '../errors.js';
import { readBestInfo, removeBestModel, saveBestModel } from '../run/best-model.js';
import { keptCheckpointSentence, trainableVariables, type CheckpointStore, type EpochProgress, type TrainingState } from '../run/checkpoint.js';
import { initialState } from '../run/training-state.js';
import { EpochLog, type EpochRecord } from '../run/epoch-log.js';
import type { ProgressReporter } from '../run/progress.js';
import type { RunContext } from '../run/run-context.js';
import { runFingerprint } from '../run/run-dir.js';
import { evaluate } from './evaluate.js';
import { learningRateAt } from './lr-schedule.js';
import type { TrainingObserver } from './observer.js';
import type { OptimizerFactory } from './optimizer-factory.js';
import type { TrainOptimizer } from './optimizers.js';
import { computeGradients } from './train-step.js';

/** How a run ended. */
export interface RunOutcome {
  readonly status: 'completed' | 'interrupted';
  readonly runDir: string;
  /** Best and last test accuracy (fractions); NaN before the first evaluation. */
  readonly bestTop1: number;
  readonly bestTop5: number;
  readonly bestEpoch: number;
  readonly lastTop1: number;
  readonly lastTop5: number;
  readonly epochsDone: number;
}

/** What an epoch trains with, built once per run. */
interface RunParts {
  readonly model: LayersModel;
  readonly estimators: readonly Estimator[];
  readonly optimizer: TrainOptimizer;
  readonly variables: tf.Variable[];
  readonly clock: TrainingClock;
  readonly steps: number;
}

/** Where an epoch starts: its index, its first step, and the accumulators of a resumed epoch. */
interface EpochStart {
  readonly epoch: number;
  readonly step: number;
  readonly resumed?: EpochProgress;
}

/** How an epoch's training loop ended. */
interface EpochResult {
  readonly interrupted: boolean;
  readonly step: number;
  readonly progress: EpochProgress;
}

/**
 * Trains one run: builds the model, drives the learning-rate and hyper-parameter schedules,
 * evaluates after every epoch, logs, checkpoints and resumes from a checkpoint.
 */
@injectable()
export class Trainer {
  constructor(
    @inject(TOKENS.RunContext) private readonly run: RunContext,
    @inject(TOKENS.CheckpointStore) private readonly checkpoints: CheckpointStore,
    @inject(TOKENS.OptimizerFactory) private readonly optimizers: OptimizerFactory,
    @inject(TOKENS.ProgressReporter) private readonly progress: ProgressReporter,
    @injectAll(TOKENS.TrainingObserver) private readonly observers: TrainingObserver[],
  ) {}

  /** Runs (or resumes) training to the last epoch, or until a stop is requested. */
  async train(): Promise<RunOutcome> {
    const { config, dataset, runDir, logger, stop } = this.run;
    const { model, estimators } = this.run.built;
    const optimizer = this.optimizers.create(config);
    const steps = stepsPerEpoch(dataset.sizes.train, config.batchSize);
    const parts: RunParts = {
      model,
      estimators,
      optimizer,
      variables: trainableVariables(model),
      clock: bindSchedules(new TrainingClock(config.epochs, steps), estimators, config.schedules, config.scheduleGranularity),
      steps,
    };
    const log = new EpochLog(runDir);
    let state = await this.startingState(model, optimizer);
    log.truncateTo(state.epoch);
    logger.attach(runDir);
    try {
      for (let epoch = state.epoch; epoch < config.epochs; epoch++) {
        const start: EpochStart = epoch === state.epoch && state.step > 0 ? { epoch, step: state.step, resumed: state.epochProgress } : { epoch, step: 0 };
        parts.clock.restore({ epoch, step: start.step });
        optimizer.learningRate = learningRateAt(config, epoch);
        const hyper = this.scheduledHyper(estimators);
        const done = await this.trainEpoch(parts, start);
        if (done.interrupted) {
          state = { ...state, epoch, step: done.step, epochProgress: done.progress };
          await this.checkpoints.save(runDir, model, optimizer, state);
          logger.info(`Stopped at epoch ${epoch + 1}, step ${done.step} of ${steps}; checkpoint saved. Resume with: signflow train --resume ${runDir}`);
          return this.outcome('interrupted', state, epoch);
        }
        const evaluation = await evaluate(model, dataset, config.evalBatchSize);
        const { lossSum, correct, seen, seconds } = done.progress;
        const record: EpochRecord = {
          epoch,
          loss: lossSum / seen,
          trainTop1: correct / seen,
          testLoss: evaluation.loss,
          top1: evaluation.top1,
          top5: evaluation.top5,
          lr: optimizer.learningRate,
          ...hyper,
          ...Object.assign({}, ...this.observers.map((obs) => obs.epochFields())),
          seconds,
          imagesPerSecond: seen / Math.max(seconds, 1e-9),
          backend: this.run.backend.backend,
        };
        const best = state.bestTop1 === null || evaluation.top1 > state.bestTop1;
        state = {
          ...state,
          epoch: epoch + 1,
          step: 0,
          epochProgress: undefined,
          lastTop1: evaluation.top1,
          lastTop5: evaluation.top5,
          ...(best ? { bestTop1: evaluation.top1, bestTop5: evaluation.top5, bestEpoch: epoch } : {}),
        };
        // The log line first, then the checkpoint, then best/: a crash between two of them leaves
        // a state that resuming repairs (the log is cut back to the checkpoint, best/ rewritten).
        log.append(record);
        await this.checkpoints.save(runDir, model, optimizer, state);
        if (best) await saveBestModel(runDir, model, { epoch, top1: evaluation.top1, top5: evaluation.top5 });
        this.progress.line(epochLine(record, config.epochs));
        if (stop.requested && epoch + 1 < config.epochs) {
          logger.info(`Stopped after epoch ${epoch + 1}; checkpoint saved. Resume with: signflow train --resume ${runDir}`);
          return this.outcome('interrupted', state, epoch + 1);
        }
      }
      const outcome = this.outcome('completed', state, config.epochs);
      writeFileDurable(join(runDir, 'summary.json'), JSON.stringify({ ...outcome, backend: this.run.backend.backend }, null, 2) + '\n');
      return outcome;
    } finally {
      for (const obs of this.observers) obs.dispose?.();
      optimizer.dispose();
    }
  }

  /**
   * Where training starts: the newest intact checkpoint of the run directory (naming damaged newer
   * ones), or the beginning. The run's best model is made to match: removed on a fresh start or
   * when it is newer than the checkpoint, rewritten when the checkpoint is the best epoch's end.
   */
  private async startingState(model: LayersModel, optimizer: TrainOptimizer): Promise<TrainingState> {
    const { config, runDir, logger } = this.run;
    const fingerprint = runFingerprint(config);
    if (!this.checkpoints.has(runDir)) {
      removeBestModel(runDir);
      return initialState(fingerprint);
    }
    const loaded = await this.checkpoints.load(runDir, model, optimizer, fingerprint);
    for (const { dir, problem } of loaded.skipped) logger.info(`Checkpoint ${dir} is damaged (${problem}); it is skipped.`);
    const { state } = loaded;
    const best = readBestInfo(runDir);
    if (best !== null && best.epoch >= state.epoch) removeBestModel(runDir);
    const bestIsHere = state.step === 0 && state.bestEpoch === state.epoch - 1 && state.bestTop1 !== null && state.bestTop5 !== null;
    if (bestIsHere && (best === null || best.epoch !== state.bestEpoch)) {
      await saveBestModel(runDir, model, { epoch: state.bestEpoch, top1: state.bestTop1 as number, top5: state.bestTop5 as number });
    }
    logger.info(
      state.epoch >= config.epochs
        ? `${runDir} is complete (${config.epochs} epochs, checkpoint ${loaded.dir}); nothing left to train.`
        : `Resuming ${runDir} from ${loaded.dir} at epoch ${state.epoch + 1}, step ${state.step + 1}.`,
    );
    return state;
  }

  /** The current value of every scheduled hyper-parameter, by name, for the epoch log. */
  private scheduledHyper(estimators: readonly Estimator[]): Record<string, number> {
    const values: Record<string, number> = {};
    for (const hyper of Object.keys(this.run.config.schedules)) {
      const owner = estimators.find((e) => hyper in e.hyperSpec);
      if (owner !== undefined) values[hyper] = owner.hyper[hyper];
    }
    return values;
  }

  private async trainEpoch(parts: RunParts, start: EpochStart): Promise<EpochResult> {
    const { config, dataset, stop } = this.run;
    const { model, optimizer, variables, clock, steps } = parts;
    const { epoch } = start;
    let acc: EpochProgress = start.resumed ?? { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
    const numClasses = dataset.classNames.length;
    const started = performance.now();
    const before = acc.seconds;
    for await (const batch of batches(dataset, { split: 'train', batchSize: config.batchSize, epoch, seed: config.seed, augment: config.augment, startStep: start.step })) {
      const lastStep = batch.step === steps - 1;
      const { result, grads } = await computeGradients(model, variables, batch.xs, batch.ys, numClasses);
      tf.dispose([batch.xs, batch.ys]);
      if (!Number.isFinite(result.loss)) {
        tf.dispose(grads);
        throw new DivergedError(
          `Training diverged: the loss became ${result.loss} at epoch ${epoch + 1}, step ${batch.step + 1}. ` +
            `${keptCheckpointSentence(this.checkpoints.latest(this.run.runDir))} Lower --lr (or check the data), then start a new run.`,
        );
      }
      if (lastStep) for (const obs of this.observers) await obs.beforeLastUpdate?.(model);
      optimizer.apply(variables, grads);
      if (lastStep) for (const obs of this.observers) await obs.afterLastUpdate?.(model, grads);
      tf.dispose(grads);
      const seconds = before + (performance.now() - started) / 1000;
      acc = { lossSum: acc.lossSum + result.loss * batch.size, correct: acc.correct + result.correct, seen: acc.seen + batch.size, seconds };
      const imagesPerSecond = acc.seen / Math.max(seconds, 1e-9);
      stepFaultPoint(); // SIGNFLOW_FAULT=kill@step:N kills the process here, for crash tests
      this.progress.update({
        epoch: epoch + 1,
        epochs: config.epochs,
        done: batch.step + 1,
        steps,
        loss: acc.lossSum / acc.seen,
        accuracy: acc.correct / acc.seen,
        imagesPerSecond,
        secondsLeft: ((steps - batch.step - 1) * config.batchSize) / imagesPerSecond,
      });
      if (!lastStep) clock.advanceStep();
      if (stop.requested && !lastStep) return { interrupted: true, step: batch.step + 1, progress: acc };
    }
    return { interrupted: false, step: steps, progress: acc };
  }

  private outcome(status: RunOutcome['status'], state: TrainingState, epochsDone: number): RunOutcome {
    const value = (v: number | null) => v ?? Number.NaN;
    return {
      status,
      runDir: this.run.runDir,
      bestTop1: value(state.bestTop1),
      bestTop5: value(state.bestTop5),
      bestEpoch: state.bestEpoch,
      lastTop1: value(state.lastTop1),
      lastTop5: value(state.lastTop5),
      epochsDone,
    };
  }
}

/** The line printed after an epoch: its losses, accuracies, learning rate, hyper-parameters and speed. */
function epochLine(record: EpochRecord, epochs: number): string {
  const pct = (fraction: number | undefined) => `${((fraction ?? Number.NaN) * 100).toFixed(2)}%`;
  const hyper = hyperFields([record])
    .map((name) => `, ${name} ${(record[name] as number).toFixed(3)}`)
    .join('');
  return (
    `epoch ${record.epoch + 1}/${epochs}: loss ${(record.loss ?? Number.NaN).toFixed(4)}, train top-1 ${pct(record.trainTop1)}, ` +
    `test top-1 ${pct(record.top1)}, top-5 ${pct(record.top5)}, lr ${(record.lr ?? Number.NaN).toPrecision(3)}${hyper}, ${(record.imagesPerSecond ?? 0).toFixed(0)} img/s`
  );
}
