/** The screen for where the customer is now. */
import type { Screen } from './screen-model.ts';
import { AppointmentBookedScreen, AppointmentDayScreen, AppointmentMenuScreen, AppointmentServiceScreen, AppointmentSlotScreen } from './appointment-screens.tsx';
import { CallPersonScreen, CallSentScreen } from './call-person-screens.tsx';
import { CheckInScreen } from './checkin-screen.tsx';
import { FeedbackScreen, FeedbackThanksScreen } from './feedback-screens.tsx';
import { HelpArticleScreen, HelpListScreen } from './help-screens.tsx';
import { HomeScreen } from './home-screen.tsx';
import { PrivacyScreen } from './privacy-screen.tsx';
import { TicketAssistScreen, TicketIssuedScreen, TicketServiceScreen } from './ticket-screens.tsx';

export function ScreenRouter({ screen }: { screen: Screen }) {
  switch (screen.kind) {
    case 'home':
      return <HomeScreen />;
    case 'ticket-service':
      return <TicketServiceScreen />;
    case 'ticket-assist':
      return <TicketAssistScreen service={screen.service} />;
    case 'ticket-issued':
      return <TicketIssuedScreen ticket={screen.ticket} checkedIn={false} />;
    case 'appointment-menu':
      return <AppointmentMenuScreen />;
    case 'appointment-service':
      return <AppointmentServiceScreen />;
    case 'appointment-day':
      return <AppointmentDayScreen service={screen.service} />;
    case 'appointment-slot':
      return <AppointmentSlotScreen service={screen.service} day={screen.day} />;
    case 'appointment-booked':
      return <AppointmentBookedScreen service={screen.service} booking={screen.booking} />;
    case 'checkin-code':
      return <CheckInScreen />;
    case 'checkin-ticket':
      return <TicketIssuedScreen ticket={screen.ticket} checkedIn />;
    case 'help-list':
      return <HelpListScreen />;
    case 'help-article':
      return <HelpArticleScreen articleId={screen.articleId} />;
    case 'call-person':
      return <CallPersonScreen />;
    case 'call-sent':
      return <CallSentScreen reached={screen.reached} />;
    case 'feedback':
      return <FeedbackScreen />;
    case 'feedback-thanks':
      return <FeedbackThanksScreen />;
    case 'privacy':
      return <PrivacyScreen />;
  }
}
