'use client';

import { createContext, useContext, useRef, useState } from 'react';

type Feedback = { tone: 'ok' | 'error'; message: string } | null;
type Value = { feedback: Feedback; show: (feedback: Feedback) => void; region: React.RefObject<HTMLDivElement | null> };
const FeedbackContext = createContext<Value | null>(null);

/**
 * Holds the last revoke's outcome for the token list: the row (or button) that started it may be
 * gone after the list re-renders, but the message stays, is announced, and takes the focus.
 */
export function RevokeFeedbackProvider({ children }: { children: React.ReactNode }) {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const region = useRef<HTMLDivElement>(null);
  const show = (next: Feedback) => {
    setFeedback(next);
    requestAnimationFrame(() => region.current?.focus());
  };
  return <FeedbackContext.Provider value={{ feedback, show, region }}>{children}</FeedbackContext.Provider>;
}

export function RevokeFeedbackRegion() {
  const value = useContext(FeedbackContext);
  return (
    <div ref={value?.region} tabIndex={-1} role="status" aria-live="polite" className="revoke-feedback">
      {value?.feedback && <p className={`alert ${value.feedback.tone === 'ok' ? 'alert-ok' : 'alert-error'}`}>{value.feedback.message}</p>}
    </div>
  );
}

export function useRevokeFeedback() {
  const value = useContext(FeedbackContext);
  return (feedback: Feedback) => value?.show(feedback);
}
